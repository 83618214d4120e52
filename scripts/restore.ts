/**
 * `npm run restore -- <backup folder>`: checks the backup against its manifest and copies it into
 * an empty data dir (DATABASE_PATH, DATA_DIR/UPLOADS_DIR). Refuses to overwrite anything.
 * `npm run restore -- --from-replica <url> [--timestamp <ISO>]`: the same from the continuous
 * replica (REPLICA_URL of the lost machine), at a point in time when asked.
 */
import { resolveDatabasePath } from '../db/client.ts';
import { restoreBackup } from './lib/backup.ts';
import { restoreFromReplica } from './lib/restore-replica.ts';

const USAGE = 'ใช้: npm run restore -- <โฟลเดอร์สำรองข้อมูล>  หรือ  npm run restore -- --from-replica <url> [--timestamp <ISO>]';
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const describe = (error: unknown) => {
  const parts: string[] = [];
  for (let e: unknown = error; e; e = e instanceof Error ? e.cause : undefined) parts.push(e instanceof Error ? e.message : String(e));
  return parts.join(': ');
};

try {
  if (args.includes('--from-replica')) {
    const url = option('from-replica');
    if (!url || url.startsWith('--')) {
      console.error(USAGE);
      process.exit(2);
    }
    const result = await restoreFromReplica(url, resolveDatabasePath(), { timestamp: option('timestamp') });
    console.log(
      `integrity_check ok — บันทึก ${result.tables.notes ?? 0} เรื่อง, ความเห็น ${result.tables.comments ?? 0} รายการ, ไฟล์อัปโหลด ${result.uploads} ไฟล์`,
    );
    console.log(`กู้คืนจาก ${url} ไปที่ ${resolveDatabasePath()} แล้วใน ${(result.ms / 1000).toFixed(1)} s — เริ่มระบบได้ด้วย npm start`);
  } else {
    const backup = args[0];
    if (!backup) {
      console.error(USAGE);
      process.exit(2);
    }
    const manifest = restoreBackup(backup, resolveDatabasePath());
    console.log(`กู้คืนข้อมูลจาก ${backup} (สำรองเมื่อ ${manifest.createdAt}) ไปที่ ${resolveDatabasePath()} แล้ว — เริ่มระบบได้ด้วย npm start`);
  }
} catch (error) {
  console.error(`กู้คืนไม่สำเร็จ: ${describe(error)}`);
  process.exit(1);
}
