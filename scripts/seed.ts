/**
 * `npm run seed`: migrates, then fills an empty database with demo content.
 * `npm run seed -- --notes 100000 --comments 1000000 [--users N] [--seed S]`: adds a generated site
 * of that size (members' password: banthuek-demo).
 */
import { closeDb, getDb, resolveDatabasePath } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { seedBulk } from './lib/seed-bulk.ts';

function option(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} ต้องเป็นจำนวนเต็มไม่ติดลบ`);
    process.exit(2);
  }
  return value;
}

const notes = option('notes');
if (notes === undefined) {
  await prepareDatabase({ seedDemo: true });
} else {
  const db = getDb();
  migrateDatabase(db);
  console.log(`กำลังสร้างข้อมูลจำลองใน ${resolveDatabasePath()} …`);
  const result = await seedBulk(db.$client, {
    notes,
    comments: option('comments') ?? notes * 10,
    users: option('users'),
    seed: option('seed'),
    log: console.log,
  });
  console.log(
    `สร้างแล้วใน ${(result.ms / 1000).toFixed(1)} s: สมาชิก ${result.users.toLocaleString()} คน, ป้ายคำ ${result.tags} ป้าย, ` +
      `ชุมชน ${result.communities} ชุมชน, บันทึก ${result.notes.toLocaleString()} เรื่อง, ความเห็น ${result.comments.toLocaleString()} รายการ`,
  );
  closeDb();
}
