/**
 * Signed one-click unsubscribe links (RFC 8058): the token names a member and the kind(s) of mail
 * one message was sent for (a digest may carry several) and an HMAC, so it works without signing in
 * and turns off exactly those kinds.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { siteSecrets } from '~db/schema.ts';
import { absoluteUrl } from '../site.ts';
import { isMailKind, type MailKind } from './kinds.ts';

const SECRET_NAME = 'mail-unsubscribe';
let cachedSecret: string | undefined;

/** The signing key: generated once, kept in the database so every process and restart shares it. */
function secret(): string {
  if (cachedSecret) return cachedSecret;
  const db = getDb();
  db.insert(siteSecrets)
    .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run();
  cachedSecret = db.select({ value: siteSecrets.value }).from(siteSecrets).where(eq(siteSecrets.name, SECRET_NAME)).get()!.value;
  return cachedSecret;
}

/** Tests switch databases within one process. */
export function forgetUnsubscribeSecret(): void {
  cachedSecret = undefined;
}

const sign = (payload: string) => createHmac('sha256', secret()).update(`unsubscribe:${payload}`).digest('base64url');

export function createUnsubscribeToken(userId: number, kinds: readonly MailKind[]): string {
  const payload = `${userId}.${kinds.join('-')}`;
  return `${payload}.${sign(payload)}`;
}

export function unsubscribeUrl(userId: number, kinds: readonly MailKind[]): string {
  return absoluteUrl(`/mail/unsubscribe?token=${encodeURIComponent(createUnsubscribeToken(userId, kinds))}`);
}

/** The member and kinds a token names, or null when it was not signed by this site. */
export function readUnsubscribeToken(token: string): { userId: number; kinds: MailKind[] } | null {
  const match = /^(\d{1,12})\.([a-z]{1,20}(?:-[a-z]{1,20}){0,9})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const kinds = match[2]!.split('-');
  if (!kinds.every(isMailKind)) return null;
  const expected = Buffer.from(sign(`${match[1]}.${match[2]}`));
  const given = Buffer.from(match[3]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId: Number(match[1]), kinds };
}
