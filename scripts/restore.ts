/**
 * `npm run restore -- <backup folder>`: checks the backup against its manifest and copies it into
 * an empty data dir (DATABASE_PATH, DATA_DIR/UPLOADS_DIR). Refuses to overwrite anything.
 */
import { resolveDatabasePath } from '../db/client.ts';
import { restoreBackup } from './lib/backup.ts';

const backup = process.argv[2];
if (!backup) {
  console.error('ใช้: npm run restore -- <โฟลเดอร์สำรองข้อมูล>');
  process.exit(2);
}
try {
  const manifest = restoreBackup(backup, resolveDatabasePath());
  console.log(`กู้คืนข้อมูลจาก ${backup} (สำรองเมื่อ ${manifest.createdAt}) ไปที่ ${resolveDatabasePath()} แล้ว — เริ่มระบบได้ด้วย npm start`);
} catch (error) {
  console.error(`กู้คืนไม่สำเร็จ: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
