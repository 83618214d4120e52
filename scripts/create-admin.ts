/**
 * `npm run create-admin -- <username> [display name]`: creates the first admin, or promotes an
 * existing account. The password is read from ADMIN_PASSWORD or asked for on the terminal.
 */
import { createInterface } from 'node:readline/promises';
import { closeDb, getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { getConfig } from '../src/lib/server/config.ts';
import { createUser, getUserByUsername, setUserRole } from '../src/lib/server/user.ts';
import { registerSchema } from '../src/lib/validation.ts';
import { DomainError } from '../src/lib/server/errors.ts';

const [username, ...nameParts] = process.argv.slice(2);
if (!username) {
  console.error('วิธีใช้: npm run create-admin -- <ชื่อผู้ใช้> [ชื่อที่แสดง]');
  process.exit(2);
}
migrateDatabase(getDb());
const existing = getUserByUsername(username);
if (existing) {
  setUserRole(existing.id, 'admin');
  console.log(`ตั้ง @${existing.username} เป็นผู้ดูแลระบบ (admin) แล้ว`);
} else {
  let password = getConfig().adminPassword;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('รหัสผ่าน (อย่างน้อย 8 ตัวอักษร): ');
    rl.close();
  }
  const parsed = registerSchema.safeParse({ username, password, displayName: nameParts.join(' ') || username });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join('\n'));
    process.exit(1);
  }
  try {
    const user = await createUser(parsed.data, 'admin');
    console.log(`สร้างผู้ดูแลระบบ @${user.username} แล้ว`);
  } catch (error) {
    // e.g. a commonly leaked password or a taken name: say so in Thai, no stack trace.
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
closeDb();
