/**
 * `npm run mail:status`: the mail outbox's counts (pending, sent, failed), mails waiting for a
 * digest, the oldest pending mail's age and the last delivery error. Exit code 0; JSON with --json.
 */
import { closeDb, getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { getOutboxStatus } from '../src/lib/server/mail/status.ts';
import { isMailConfigured } from '../src/lib/server/mail.ts';
import { getConfig } from '../src/lib/server/config.ts';

migrateDatabase(getDb());
const status = getOutboxStatus();
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ smtpConfigured: isMailConfigured(), ...status }));
} else {
  console.log(`SMTP: ${isMailConfigured() ? getConfig().smtp?.host : 'ไม่ได้ตั้งค่า (SMTP_HOST) — อีเมลจะรอในคิว'}`);
  console.log(`pending: ${status.pending}`);
  console.log(`sent: ${status.sent}`);
  console.log(`failed: ${status.failed}`);
  console.log(`waiting for digest: ${status.waitingForDigest}`);
  console.log(`oldest pending: ${status.oldestPendingSeconds === null ? '-' : `${status.oldestPendingSeconds} s`}`);
  console.log(`last error: ${status.lastError ? `#${status.lastError.id} ${status.lastError.at} ${status.lastError.error}` : '-'}`);
}
closeDb();
