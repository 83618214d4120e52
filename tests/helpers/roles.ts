/**
 * Roles are granted by admins (or the create-admin CLI), never through the public API, so tests set
 * them straight in the server's SQLite file. The server reads the role on every request.
 */
import Database from 'better-sqlite3';
import type { Role } from '../../db/schema.ts';
import { signedInClient, uniqueUsername } from './factories.ts';

/** Runs `fn` with a short-lived connection to the test server's database. */
export function withDatabase<T>(databasePath: string, fn: (db: Database.Database) => T): T {
  const db = new Database(databasePath);
  db.pragma('busy_timeout = 5000');
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function setRole(databasePath: string, userId: number, role: Role): void {
  withDatabase(databasePath, (db) => db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId));
}

/** A new account with `role`, signed in. */
export async function signedInWithRole(baseUrl: string, databasePath: string, role: Role, prefix: string = role) {
  const account = await signedInClient(baseUrl, { username: uniqueUsername(prefix) });
  if (role !== 'member') setRole(databasePath, account.id, role);
  return account;
}

/** Row counts of the tables users write to, to prove a refused request changed nothing. */
export function countRows(databasePath: string): Record<string, number> {
  return withDatabase(databasePath, (db) =>
    Object.fromEntries(
      [
        'users',
        'notes',
        'note_revisions',
        'comments',
        'tags',
        'note_tags',
        'reports',
        'audit_log',
        'password_reset_tokens',
        'sessions',
      ].map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
    ),
  );
}

/**
 * Every row of every table people write to (rate-limit buckets aside), as one string: equal
 * snapshots before and after a refused request prove nothing was stored, not even half of it.
 */
export function snapshotContent(databasePath: string): string {
  return withDatabase(databasePath, (db) =>
    JSON.stringify(
      [
        'users',
        'sessions',
        'notes',
        'note_revisions',
        'comments',
        'tags',
        'note_tags',
        'reports',
        'audit_log',
        'password_reset_tokens',
      ].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()),
      (_key, value) => (Buffer.isBuffer(value) ? value.toString('hex') : value),
    ),
  );
}
