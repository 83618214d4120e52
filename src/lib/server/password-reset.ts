/**
 * Password reset by email: a single-use token, stored only as a SHA-256 hash, valid for
 * RESET_TOKEN_TTL_MS. Using it sets the new password and ends every session of the account.
 * Asking for a reset answers the same whether or not the account exists (the mail goes out in the
 * background, so timing does not tell either).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { passwordResetTokens, sessions, users } from '~db/schema.ts';
import { MINUTE_MS } from '../time.ts';
import { writeAudit } from './audit.ts';
import { assertNotCommonPassword } from './common-passwords.ts';
import { DomainError } from './errors.ts';
import { isMailConfigured, sendMail } from './mail.ts';
import { hashPassword } from './password.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import { sendSecurityNotice } from './security-notice.ts';
import { absoluteUrl } from './site.ts';

const RESET_TOKEN_TTL_MS = 30 * MINUTE_MS;
export const RESET_REQUESTED_MESSAGE =
  'หากข้อมูลนี้ตรงกับบัญชีที่มีอีเมล เราได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปให้แล้ว ลิงก์ใช้ได้ครั้งเดียวภายใน 30 นาที หากไม่ได้รับอีเมล กรุณาติดต่อผู้ดูแลระบบ';
export const INVALID_TOKEN_MESSAGE = 'ลิงก์ตั้งรหัสผ่านใหม่ไม่ถูกต้อง ถูกใช้ไปแล้ว หรือหมดอายุ กรุณาขอลิงก์ใหม่';

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** Creates a token for the user (earlier unused ones stop working) and returns the reset URL. */
function createResetLink(userId: number, now = new Date()): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  writeTransaction(() => {
    getDb().delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId)).run();
    getDb()
      .insert(passwordResetTokens)
      .values({ tokenHash: hashToken(token), userId, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS), createdAt: now })
      .run();
  });
  return absoluteUrl(`/reset-password?token=${token}`);
}

function findAccount(login: string) {
  const value = login.trim().toLowerCase();
  return getDb()
    .select()
    .from(users)
    .where(or(eq(users.username, value), eq(users.email, value)))
    .get();
}

/**
 * "Forgot password": rate-limited per address and per login; mails a link when the account exists,
 * has an email address and is not suspended. Says nothing about which case applied.
 */
export function requestPasswordReset(login: string, clientIp: string): void {
  enforceRateLimit(`reset:ip:${clientIp}`, RATE_LIMITS.passwordResetPerIp);
  enforceRateLimit(`reset:login:${login.trim().toLowerCase()}`, RATE_LIMITS.passwordResetPerAccount);
  const account = findAccount(login);
  if (!account?.email || account.suspendedAt || !isMailConfigured()) return;
  const link = createResetLink(account.id);
  const text = [
    `สวัสดีคุณ${account.displayName}`,
    '',
    `มีผู้ขอตั้งรหัสผ่านใหม่สำหรับบัญชี @${account.username} ที่บันทึก`,
    `เปิดลิงก์นี้เพื่อตั้งรหัสผ่านใหม่ (ใช้ได้ครั้งเดียว ภายใน ${RESET_TOKEN_TTL_MS / MINUTE_MS} นาที):`,
    link,
    '',
    'หากคุณไม่ได้ขอ ไม่ต้องทำอะไร รหัสผ่านเดิมยังใช้ได้ตามปกติ',
  ].join('\n');
  sendMail({ to: account.email, subject: 'ตั้งรหัสผ่านใหม่สำหรับบันทึก', text }).catch((error: Error) => {
    console.error(
      JSON.stringify({ level: 'error', msg: 'password reset mail failed', userId: account.id, error: String(error.cause ?? error) }),
    );
  });
}

/** True when the token is current (for showing the form); never reveals whose it is. */
export function isResetTokenValid(token: string, now = new Date()): boolean {
  return !!getDb()
    .select({ userId: passwordResetTokens.userId })
    .from(passwordResetTokens)
    .where(
      and(eq(passwordResetTokens.tokenHash, hashToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)),
    )
    .get();
}

/**
 * Uses the token: sets the new password and ends every session. The token is spent atomically, so
 * two racing requests cannot both use it. Returns the user id.
 */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<number> {
  if (!isResetTokenValid(token, now)) throw new DomainError(400, INVALID_TOKEN_MESSAGE, { token: INVALID_TOKEN_MESSAGE });
  assertNotCommonPassword(newPassword, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  const db = getDb();
  const userId = writeTransaction(() => {
    const spent = db
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId })
      .get();
    if (!spent) return undefined;
    db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, spent.userId)).run();
    // Every session ends (a thief's too), and no other reset link stays usable.
    db.delete(sessions).where(eq(sessions.userId, spent.userId)).run();
    db.delete(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt)))
      .run();
    return spent.userId;
  });
  if (userId === undefined) throw new DomainError(400, INVALID_TOKEN_MESSAGE, { token: INVALID_TOKEN_MESSAGE });
  const account = db.select({ email: users.email, username: users.username }).from(users).where(eq(users.id, userId)).get();
  if (account) sendSecurityNotice(account.email, account.username, 'password-reset');
  return userId;
}

/** For the admin CLI when no SMTP is configured: a reset link for `username`, written to the audit log. */
export function issueResetLinkForUsername(username: string): string {
  const account = findAccount(username);
  if (!account || account.username !== username.trim().toLowerCase()) throw new Error(`no account named ${username}`);
  const link = createResetLink(account.id);
  writeAudit({ actorId: null, action: 'user:reset-link', targetType: 'user', targetId: account.id, detail: 'npm run reset-link' });
  return link;
}
