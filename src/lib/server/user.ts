import { eq, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { users, type Role } from '~db/schema.ts';
import type { UserRow } from './session-user.ts';
import type { ProfileInput, RegisterInput } from '../validation.ts';
import { DomainError } from './errors.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertNotCommonPassword } from './common-passwords.ts';
import { enforcePasswordCheckLimits } from './rate-limit.ts';
import { sendEmailInUseNotice, sendSecurityNotice } from './security-notice.ts';
import { invalidateUserSessions } from './session.ts';
import { requestEmailVerification } from './mail/verification.ts';
import { setExpertise } from './people.ts';
import { setConsents } from './consent.ts';

export { toSessionUser, type SessionUser, type UserRow } from './session-user.ts';

/** Erased accounts are renamed "~left<id>": not a valid username, so nobody can take it or open it. */
const ERASED_USERNAME_PREFIX = '~';

/** Creates an account; 409 with a field error when the username or email is taken. */
export async function createUser(input: RegisterInput, role: Role = 'member'): Promise<UserRow> {
  assertNotCommonPassword(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  if (getUserByUsername(input.username))
    throw new DomainError(409, 'ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น', { username: 'ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น' });
  // An address already in use is not stored and not revealed: its owner is mailed instead.
  const owner = input.email ? db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get() : undefined;
  const emailInUse = !!owner;
  if (owner) sendEmailInUseNotice(input.email!, owner.id);
  try {
    const user = db
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        email: emailInUse ? null : input.email,
        pendingEmail: input.email, // shown as "รอยืนยัน" either way: the settings page tells nothing about the address
        organisation: input.organisation,
        province: input.province,
        passwordHash,
        role,
      })
      .returning()
      .get();
    if (user.email) requestEmailVerification(user.id);
    return user;
  } catch (cause) {
    // Two registrations racing for one name: the unique index decides.
    if (String(cause).includes('UNIQUE')) throw new DomainError(409, 'ชื่อผู้ใช้หรืออีเมลนี้มีผู้ใช้แล้ว', { username: 'ชื่อผู้ใช้นี้มีผู้ใช้แล้ว' });
    throw cause;
  }
}

/** The account with this username; never an erased one (their "~left<id>" names answer 404 everywhere). */
export function getUserByUsername(username: string): UserRow | undefined {
  if (username.startsWith(ERASED_USERNAME_PREFIX)) return undefined;
  return getDb().select().from(users).where(eq(users.username, username.toLowerCase())).get();
}

export function getUserById(id: number): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

/** Saves the profile form: the account's columns and its expertise list, in one transaction. */
export function updateProfile(userId: number, input: ProfileInput): void {
  const { expertise, hiddenFromDirectory, ...columns } = input;
  const db = getDb();
  writeTransaction(() => {
    db.update(users)
      .set({ ...columns, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .run();
    setExpertise(userId, expertise);
  });
  // Listing in the directory is consent (PDPA s.19): a change is a record in the consent log.
  if (hiddenFromDirectory !== undefined) setConsents(userId, { directory: !hiddenFromDirectory }, 'settings');
}

/** Changes the password after checking the current one; ends every session of the user. */
export async function changePassword(userId: number, currentPassword: string, newPassword: string, clientIp: string): Promise<void> {
  const user = getUserById(userId);
  if (!user) throw new DomainError(404, 'ไม่พบบัญชีผู้ใช้');
  enforcePasswordCheckLimits(userId, clientIp);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError(400, 'รหัสผ่านเดิมไม่ถูกต้อง', { currentPassword: 'รหัสผ่านเดิมไม่ถูกต้อง' });
  }
  assertNotCommonPassword(newPassword, 'newPassword');
  await setPassword(userId, newPassword);
  sendSecurityNotice(user.email, user.username, 'password-changed');
}

/** Sets a new password and ends all sessions (the caller signs the user in again if it should). */
export async function setPassword(userId: number, newPassword: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  getDb().update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
  invalidateUserSessions(userId);
}

/** Changes the account's email after checking the current password; 409 when another account has it. */
export async function changeEmail(userId: number, currentPassword: string, email: string | null, clientIp: string): Promise<void> {
  const user = getUserById(userId);
  if (!user) throw new DomainError(404, 'ไม่พบบัญชีผู้ใช้');
  enforcePasswordCheckLimits(userId, clientIp);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError(400, 'รหัสผ่านปัจจุบันไม่ถูกต้อง', { emailPassword: 'รหัสผ่านปัจจุบันไม่ถูกต้อง' });
  }
  const taken = email && getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (taken && taken.id !== userId) {
    // The answer and the settings page are the same as for a free address ("รอยืนยัน: …"); only the mail differs.
    getDb().update(users).set({ pendingEmail: email, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    sendEmailInUseNotice(email, taken.id);
    return;
  }
  try {
    if (user.email === email) return;
    getDb()
      .update(users)
      .set({ email, pendingEmail: email, emailVerifiedAt: null, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .run();
    sendSecurityNotice(user.email, user.username, 'email-changed');
    if (email) requestEmailVerification(userId);
  } catch (cause) {
    if (String(cause).includes('UNIQUE')) return; // a race for the same address: same answer as above
    throw cause;
  }
}

export function setUserRole(userId: number, role: Role): void {
  getDb().update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId)).run();
}

export function countUsers(): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()?.n ?? 0
  );
}
