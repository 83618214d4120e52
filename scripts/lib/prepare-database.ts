/**
 * Brings the database to the current schema before the server takes its first request, and
 * fills an empty site with demo content unless SEED_DEMO=0.
 */
import { closeDb, getDb, resolveDatabasePath } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { countUsers } from '../../src/lib/server/user.ts';
import { runDataMigrations } from '../../src/lib/server/data-migrations.ts';
import { seedDemoContent } from './seed-demo.ts';

export async function prepareDatabase(options: { seedDemo?: boolean } = {}): Promise<void> {
  const seedDemo = options.seedDemo ?? getConfig().seedDemo;
  migrateDatabase(getDb());
  runDataMigrations();
  console.log(`ฐานข้อมูลพร้อมใช้งาน: ${resolveDatabasePath()}`);
  if (seedDemo && countUsers() === 0) {
    const counts = await seedDemoContent();
    console.log(`ใส่ข้อมูลตัวอย่างแล้ว: ผู้ใช้ ${counts.users} คน, บันทึก ${counts.notes} เรื่อง, ความเห็น ${counts.comments} รายการ`);
  }
  closeDb();
}
