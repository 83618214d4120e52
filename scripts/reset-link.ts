/**
 * `npm run reset-link -- <username>`: prints a one-time password-reset link for the account (valid
 * 30 minutes), for sites without SMTP. Give it to the person over a channel you trust. The link's
 * host comes from SITE_URL. Written to the audit log.
 */
import { closeDb, getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { issueResetLinkForUsername } from '../src/lib/server/password-reset.ts';

const [username] = process.argv.slice(2);
if (!username) {
  console.error('วิธีใช้: npm run reset-link -- <ชื่อผู้ใช้>');
  process.exit(2);
}
migrateDatabase(getDb());
try {
  const link = issueResetLinkForUsername(username);
  console.log(`ลิงก์ตั้งรหัสผ่านใหม่ของ @${username.toLowerCase()} (ใช้ได้ครั้งเดียว ภายใน 30 นาที):`);
  console.log(link);
} catch {
  console.error(`ไม่พบบัญชีชื่อ ${username}`);
  process.exitCode = 1;
} finally {
  closeDb();
}
