/**
 * Email-address verification: setting, changing or registering with an address mails a link
 * (single use, 24 hours) through the outbox; only a verified address gets notification mail.
 * Opening the link (GET) only shows a button; pressing it (a same-origin POST) spends the token,
 * so a mail scanner that pre-opens links verifies nothing: a person must act on the page.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { emailVerificationTokens, users } from '~db/schema.ts';
import { HOUR_MS } from '../../time.ts';
import { RATE_LIMITS, enforceRateLimit } from '../rate-limit.ts';
import { absoluteUrl } from '../site.ts';
import { composeVerificationMail } from './compose.ts';
import { enqueueMail } from './outbox.ts';

const VERIFY_TOKEN_TTL_MS = 24 * HOUR_MS;

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * Marks the account's address unverified and queues a fresh link to it (earlier links stop
 * working). Call in the transaction that set the address. Returns the link (tests, CLI).
 */
export function requestEmailVerification(userId: number, now = new Date()): string | null {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.email) return null;
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const link = absoluteUrl(`/verify-email?token=${token}`);
  writeTransaction(() => {
    db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, userId)).run();
    db.delete(emailVerificationTokens).where(eq(emailVerificationTokens.userId, userId)).run();
    db.insert(emailVerificationTokens)
      .values({
        tokenHash: hashToken(token),
        userId,
        email: user.email!,
        expiresAt: new Date(now.getTime() + VERIFY_TOKEN_TTL_MS),
        createdAt: now,
      })
      .run();
    enqueueMail(
      { ...composeVerificationMail(user.displayName, link, VERIFY_TOKEN_TTL_MS / HOUR_MS), userId, kind: 'verify', to: user.email! },
      now,
    );
  });
  return link;
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

/** True while `token` is unused, unexpired and known: the GET page offers the button only then. */
export function isEmailVerificationTokenUsable(token: string, now = new Date()): boolean {
  if (!TOKEN_SHAPE.test(token)) return false;
  const row = getDb()
    .select({ userId: emailVerificationTokens.userId })
    .from(emailVerificationTokens)
    .where(
      and(
        eq(emailVerificationTokens.tokenHash, hashToken(token)),
        isNull(emailVerificationTokens.usedAt),
        gt(emailVerificationTokens.expiresAt, now),
      ),
    )
    .get();
  return !!row;
}

/**
 * Spends a verification token (only from the page's POST, never on a GET): the address it was sent to becomes verified, if it is still the
 * account's address. Returns the username, or null for an unknown, used, expired or stale link.
 */
export function verifyEmail(token: string, now = new Date()): string | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const db = getDb();
  return writeTransaction(() => {
    const spent = db
      .update(emailVerificationTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailVerificationTokens.tokenHash, hashToken(token)),
          isNull(emailVerificationTokens.usedAt),
          gt(emailVerificationTokens.expiresAt, now),
        ),
      )
      .returning()
      .get();
    if (!spent) return null;
    const pendingEmail = sql`CASE WHEN ${users.pendingEmail} = ${spent.email} THEN NULL ELSE ${users.pendingEmail} END`;
    const user = db
      .update(users)
      .set({ emailVerifiedAt: now, pendingEmail })
      .where(and(eq(users.id, spent.userId), eq(users.email, spent.email)))
      .returning({ username: users.username })
      .get();
    return user?.username ?? null;
  });
}

/** "Send the link again" on the settings page: rate-limited per account (429 with a Thai message). */
export function resendEmailVerification(userId: number): void {
  enforceRateLimit(`verify:user:${userId}`, RATE_LIMITS.verifyMailPerUser);
  const user = getDb().select({ email: users.email, pendingEmail: users.pendingEmail }).from(users).where(eq(users.id, userId)).get();
  // A pending address another account holds gets no link (its owner was told once); the page answers the same.
  if (user?.pendingEmail && user.pendingEmail !== user.email) return;
  requestEmailVerification(userId);
}
