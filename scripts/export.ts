/**
 * `npm run export -- --site <out.zip> [--with-password-hashes]` or `npm run export -- --user <username> <out.zip>`:
 * writes an export archive of DATABASE_PATH (the format members download from /settings/export).
 * Password hashes (so people keep their passwords when the site moves) only when asked; the file is then private (0600).
 */
import { writeFileSync } from 'node:fs';
import { closeDb } from '../db/client.ts';
import { collectSiteExport, collectUserExport, toZip } from '../src/lib/server/export.ts';
import { getUserByUsername } from '../src/lib/server/user.ts';

const args = process.argv.slice(2);
const withHashes = args.includes('--with-password-hashes');
const positional = args.filter((a) => !a.startsWith('--'));
try {
  let data;
  if (args.includes('--site') && positional.length === 1) data = collectSiteExport({ withPasswordHashes: withHashes });
  else if (args.includes('--user') && positional.length === 2) {
    const user = getUserByUsername(positional[0]!);
    if (!user) throw new Error(`ไม่พบสมาชิกชื่อ ${positional[0]}`);
    data = collectUserExport(user.id);
  } else {
    console.error('ใช้: npm run export -- --site <ไฟล์.zip> [--with-password-hashes] หรือ npm run export -- --user <ชื่อผู้ใช้> <ไฟล์.zip>');
    process.exit(2);
  }
  const out = positional.at(-1)!;
  writeFileSync(out, toZip(data), { mode: withHashes ? 0o600 : 0o644 });
  const c = data.manifest.counts;
  console.log(`ส่งออกแล้ว: ${out} — สมาชิก ${c.users} คน, บันทึก ${c.notes} เรื่อง, ความเห็น ${c.comments} รายการ, ภาพ ${c.photos} ไฟล์`);
} catch (error) {
  console.error(`ส่งออกไม่สำเร็จ: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  closeDb();
}
