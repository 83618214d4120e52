import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { useFreshDatabase } from '../helpers/database.ts';
import {
  ACTIVITY_CHECK_INTERVAL_MS,
  SESSION_IDLE_MS,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from '~/lib/server/session.ts';
import { createUser, setPassword } from '~/lib/server/user.ts';
import { getDb } from '~db/client.ts';
import { sessions, users } from '~db/schema.ts';
import { eq } from 'drizzle-orm';

let cleanup: () => void;
let userId: number;
beforeEach(async () => {
  cleanup = useFreshDatabase();
  userId = (
    await createUser({
      username: 'somchai',
      password: 'password-1234',
      displayName: 'สมชาย',
      email: null,
      organisation: null,
      province: null,
    })
  ).id;
});
afterEach(() => cleanup());

describe('sessions in the Lucia design', () => {
  it('issues an id.secret token and stores only a SHA-256 hash of the secret', () => {
    const { token, session } = createSession(userId);
    const [id, secret] = token.split('.');
    expect(id).toBe(session.id);
    expect(secret).toMatch(/^[a-z2-7]{24}$/);
    const row = getDb().select().from(sessions).where(eq(sessions.id, id!)).get()!;
    expect(row.secretHash).toHaveLength(32);
    expect(Buffer.from(row.secretHash).toString()).not.toContain(secret);
    const raw = new Database(process.env.DATABASE_PATH!, { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM sessions').all());
    raw.close();
    expect(dump).not.toContain(secret);
  });

  it('validates the right token and rejects a wrong secret, a malformed token or an unknown id', () => {
    const { token } = createSession(userId);
    expect(validateSessionToken(token)?.user.username).toBe('somchai');
    const [id, secret] = token.split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    expect(validateSessionToken(`${id}.${flipped}`)).toBeNull();
    expect(validateSessionToken(id)).toBeNull();
    expect(validateSessionToken(`${id}.${secret}.x`)).toBeNull();
    expect(validateSessionToken(`nope.${secret}`)).toBeNull();
    expect(validateSessionToken('')).toBeNull();
  });

  it('expires after the idle period and deletes the expired row', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const { token, session } = createSession(userId, start);
    expect(validateSessionToken(token, new Date(start.getTime() + SESSION_IDLE_MS - 1))).not.toBeNull();
    // that validation refreshed lastVerifiedAt, so idle time counts from it
    const later = new Date(start.getTime() + 2 * SESSION_IDLE_MS);
    expect(validateSessionToken(token, later)).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.id, session.id)).get()).toBeUndefined();
  });

  it('writes lastVerifiedAt at most once per activity interval', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const { token, session } = createSession(userId, start);
    const read = () => getDb().select().from(sessions).where(eq(sessions.id, session.id)).get()!.lastVerifiedAt.getTime();
    validateSessionToken(token, new Date(start.getTime() + ACTIVITY_CHECK_INTERVAL_MS - 1000));
    expect(read()).toBe(start.getTime());
    const after = new Date(start.getTime() + ACTIVITY_CHECK_INTERVAL_MS + 1000);
    validateSessionToken(token, after);
    expect(read()).toBe(after.getTime());
  });

  it('logout deletes one session; a password change deletes them all', async () => {
    const a = createSession(userId);
    const b = createSession(userId);
    invalidateSession(a.session.id);
    expect(validateSessionToken(a.token)).toBeNull();
    expect(validateSessionToken(b.token)).not.toBeNull();
    await setPassword(userId, 'another-password');
    expect(validateSessionToken(b.token)).toBeNull();
    const c = createSession(userId);
    invalidateUserSessions(userId);
    expect(validateSessionToken(c.token)).toBeNull();
  });

  it('rejects the session of a suspended account', () => {
    const { token } = createSession(userId);
    getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, userId)).run();
    expect(validateSessionToken(token)).toBeNull();
  });
});
