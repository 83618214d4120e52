/**
 * `npm run import -- <archive.zip> [--as <username>]`: imports a Banthuek export (one member's or a
 * whole site's) into DATABASE_PATH. `--as` puts a member's archive under an existing account here.
 */
import { readFileSync } from 'node:fs';
import { closeDb, getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { importArchive, readExportZip } from '../src/lib/server/import.ts';

const args = process.argv.slice(2);
const asIndex = args.indexOf('--as');
const asUsername = asIndex >= 0 ? args[asIndex + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (asIndex < 0 || i !== asIndex + 1));
if (!file || (asIndex >= 0 && !asUsername)) {
  console.error('ใช้: npm run import -- <ไฟล์.zip> [--as <ชื่อผู้ใช้>]');
  process.exit(2);
}
try {
  migrateDatabase(getDb());
  const data = readExportZip(readFileSync(file));
  const r = await importArchive(data, { asUsername });
  console.log(
    `นำเข้า ${file} (${data.manifest.scope === 'site' ? 'ทั้งเว็บไซต์' : 'ของสมาชิกหนึ่งคน'}) แล้ว: สมาชิกใหม่ ${r.usersCreated} คน (มีอยู่แล้ว ${r.usersMatched}), ` +
      `บันทึก ${r.notes} เรื่อง, ความเห็น ${r.comments} รายการ (ข้าม ${r.commentsSkipped}), ภาพ ${r.photos} ไฟล์ (ข้าม ${r.photosSkipped})`,
  );
} catch (error) {
  console.error(`นำเข้าไม่สำเร็จ: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  closeDb();
}
