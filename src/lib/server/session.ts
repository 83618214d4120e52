/**
 * Sessions in the Lucia design (https://lucia-auth.com): a token is `id.secret`; the database keeps
 * the id and only a SHA-256 hash of the secret, compared in constant time. Sessions expire after
 * SESSION_IDLE_MS without use; lastVerifiedAt is written at most once per ACTIVITY_CHECK_INTERVAL_MS.
 */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import type { AstroCookies } from 'astro';
import { serialize as serializeCookie } from 'cookie';
import { getDb, preparedQuery } from '~db/client.ts';
import { sessions, users } from '~db/schema.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';
import { toSessionUser, type SessionUser } from './session-user.ts';
import { isSecureSite } from './site.ts';
import { withoutFsync } from './write-transaction.ts';

export const SESSION_COOKIE_NAME = 'banthuek_session';
export const SESSION_IDLE_MS = 30 * DAY_MS;
export const ACTIVITY_CHECK_INTERVAL_MS = 1 * HOUR_MS;

export interface Session {
  id: string;
  userId: number;
  createdAt: Date;
  lastVerifiedAt: Date;
}

/** 120 bits of randomness, base32 so the token is cookie- and URL-safe. */
function generateSecureRandomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of the secret, by node:crypto (the JavaScript SHA-256 took ~2% of a signed-in view's CPU; same bytes). */
function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret, 'utf8').digest());
}

/** Creates a session for the user and returns it with the token for the cookie (shown once, never stored). */
export function createSession(userId: number, now = new Date()): { session: Session; token: string } {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const session: Session = { id, userId, createdAt: now, lastVerifiedAt: now };
  // A session row lost at power loss only asks the member to sign in again: no fsync (write-transaction.ts).
  withoutFsync(() =>
    getDb()
      .insert(sessions)
      .values({ id, userId, secretHash: Buffer.from(hashSecret(secret)), createdAt: now, lastVerifiedAt: now })
      .run(),
  );
  return { session, token: `${id}.${secret}` };
}

const sessionWithUser = preparedQuery((db) =>
  db
    .select()
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

/** Returns the session and its user for a valid, unexpired token of an active account; otherwise null. */
export function validateSessionToken(token: string, now = new Date()): { session: Session; user: SessionUser } | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [id, secret] = parts as [string, string];
  const row = sessionWithUser().get({ id });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.sessions.secretHash))) return null;
  if (now.getTime() - row.sessions.lastVerifiedAt.getTime() >= SESSION_IDLE_MS || row.users.suspendedAt) {
    invalidateSession(id);
    return null;
  }
  const session: Session = {
    id,
    userId: row.sessions.userId,
    createdAt: row.sessions.createdAt,
    lastVerifiedAt: row.sessions.lastVerifiedAt,
  };
  if (now.getTime() - session.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS) {
    session.lastVerifiedAt = now;
    withoutFsync(() => getDb().update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id)).run());
  }
  return { session, user: toSessionUser(row.users) };
}

/** Deletes one session server-side (logout). */
export function invalidateSession(sessionId: string): void {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Deletes every session of a user (password change, suspension). */
export function invalidateUserSessions(userId: number): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}

/**
 * The session cookie's attributes, the one place they are written: HttpOnly, SameSite=Lax, Path=/,
 * Secure when the site is served over https; its expiry slides with the session (`maxAge` 0 deletes it).
 */
function sessionCookieOptions(maxAge = Math.floor(SESSION_IDLE_MS / 1000)) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecureSite(), maxAge } as const;
}

/** Sets the session cookie through Astro (pages and endpoints). */
export function setSessionCookie(cookies: AstroCookies, token: string): void {
  cookies.set(SESSION_COOKIE_NAME, token, sessionCookieOptions());
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(SESSION_COOKIE_NAME, '', sessionCookieOptions(0));
}

/** The same cookie as a Set-Cookie header value, for answers the server gives without Astro. */
export function sessionSetCookieHeader(token: string): string {
  return serializeCookie(SESSION_COOKIE_NAME, token, sessionCookieOptions());
}
