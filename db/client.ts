/**
 * The one SQLite connection of this process, with the pragmas every connection must have.
 * The path comes from DATABASE_PATH when the connection is first opened (run time, not build time).
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema.ts';
import { getConfig } from '../src/lib/server/config.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const BUSY_TIMEOUT_MS = 5_000;
const CHECKPOINT_RETRY_MS = 50;

/** Resolves the database file from DATABASE_PATH (relative paths are taken from the working directory). */
export function resolveDatabasePath(): string {
  return getConfig().databasePath;
}

/** Opens a connection with WAL, foreign keys, a busy timeout and synchronous=FULL (an acknowledged write survives power loss). */
export function openDatabase(path: string = resolveDatabasePath()): Db {
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = FULL');
  // PDPA s.33: a deleted row's bytes are overwritten, not left in free pages (docs/decisions/2501-pdpa.md).
  sqlite.pragma('secure_delete = ON');
  // NOTE: with replication on, Litestream does every checkpoint. An application checkpoint can land
  // between Litestream's reads of the WAL, and Litestream then has to start a new generation (a full
  // snapshot); its guidance is to turn autocheckpoints off (docs/decisions/0701-replication-with-litestream.md).
  if (getConfig().replica) sqlite.pragma('wal_autocheckpoint = 0');
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * The behaviour of every transaction that writes; use writeTransaction(fn) in
 * src/lib/server/write-transaction.ts, which passes it (and turns unique conflicts into 409s). NOTE: a deferred
 * transaction that reads first and writes later cannot wait for a lock held by another process
 * (SQLite answers SQLITE_BUSY at once to avoid a deadlock); BEGIN IMMEDIATE takes the write lock
 * up front, so busy_timeout applies and concurrent writers queue instead of failing.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const;

let current: Db | undefined;

/** The shared connection, opened on first use. */
export function getDb(): Db {
  current ??= openDatabase();
  return current;
}

/**
 * A statement built and prepared once per connection, for queries on every page view: drizzle
 * otherwise rebuilds the SQL and prepares it on each call (~0.1-0.3 ms each here). Re-made when the
 * connection changes (tests open a fresh database).
 */
export function preparedQuery<T>(build: (db: Db) => T): () => T {
  let builtFor: Db | undefined;
  let statement: T;
  return () => {
    const db = getDb();
    if (db !== builtFor) {
      statement = build(db);
      builtFor = db;
    }
    return statement;
  };
}

/**
 * Copies the WAL into the database file and truncates it to zero bytes, so erased rows leave no old
 * page versions in WAL frames. Retried while readers in other workers hold an older snapshot.
 * Returns whether the WAL was emptied.
 */
export function checkpointTruncate(db: Db = getDb(), attempts = 20): boolean {
  for (let i = 0; i < attempts; i += 1) {
    const [result] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, CHECKPOINT_RETRY_MS);
  }
  return false;
}
/** Closes the shared connection (tests, scripts and graceful shutdown). */
export function closeDb(): void {
  current?.$client.close();
  current = undefined;
}
