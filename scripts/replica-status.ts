/**
 * `npm run replica:status`: what /healthz shows under `replication` — Litestream running, lag,
 * last error, uploads waiting — read from the status file the running site's primary writes.
 * Exit code 0 when the site is replicating and the status is fresh, 1 otherwise (for cron/monitoring).
 */
import { resolveDataDir } from '../src/lib/server/data-dir.ts';
import { readReplicaStatus } from '../src/lib/server/replica/replica-status.ts';
import { getConfig } from '../src/lib/server/config.ts';

const target = getConfig().replica;
const status = readReplicaStatus(resolveDataDir());
if (!target && !status) {
  console.error('ยังไม่ได้ตั้ง REPLICA_URL จึงไม่มีการสำเนาข้อมูลต่อเนื่อง — ดูวิธีตั้งค่าใน docs/deploy.md');
  process.exit(1);
}
if (!status) {
  console.error(`ยังไม่มีสถานะการสำเนาข้อมูลใน ${resolveDataDir()} — เริ่มระบบด้วย npm start ก่อน`);
  process.exit(1);
}
console.log(JSON.stringify(status, null, 2));
if (status.stale) console.error(`สถานะไม่ได้อัปเดตตั้งแต่ ${status.updatedAt}: ระบบหลักไม่ได้ทำงานอยู่ ตรวจดูด้วย systemctl status banthuek`);
else if (status.lastError) console.error(`ข้อผิดพลาดล่าสุด (${status.lastError.at}): ${status.lastError.message}`);
process.exit(status.stale || !status.litestream.running ? 1 : 0);
