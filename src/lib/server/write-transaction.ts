/**
 * The one way a transaction that writes is opened. It begins with BEGIN IMMEDIATE (see IMMEDIATE in
 * db/client.ts): the write lock is taken before the first read, so busy_timeout applies and writers
 * from several workers queue instead of failing with "database is locked". A UNIQUE or PRIMARY KEY
 * conflict (two people creating the same thing at once) becomes a 409 with a Thai sentence instead
 * of a 500. A test (tests/unit/write-transactions.test.ts) fails on any other `.transaction(` in src/.
 */
import { IMMEDIATE, getDb, type Db } from '~db/client.ts';
import { DomainError } from './errors.ts';

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What a person sees when what they create was created by someone else a moment before. */
export const WRITE_CONFLICT_MESSAGE = 'มีข้อมูลนี้อยู่แล้ว อาจมีคนบันทึกไว้ก่อนหน้าเพียงครู่เดียว กรุณาโหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง';

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True for the error SQLite raises when a row breaks a UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && UNIQUE_CODES.has(String((error as { code?: unknown }).code));
}

/**
 * Runs `fn` (writes that may be lost on power loss, never half-written) with this connection's
 * commits at synchronous=NORMAL instead of FULL: no fsync, so the worker's event loop is not held
 * for it (6-7 ms median, p90 11-42 ms, up to 230 ms measured on this box; decision 2701). For
 * bookkeeping only: rate-limit buckets, view counts, session rows. A later FULL commit by anyone
 * syncs these frames too (one WAL). Inside a transaction it changes nothing (SQLite refuses to change
 * the level there): the outer transaction decides.
 */
export function withoutFsync<T>(fn: () => T): T {
  const sqlite = getDb().$client;
  if (sqlite.inTransaction) return fn();
  sqlite.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

/**
 * Runs `fn` in one BEGIN IMMEDIATE transaction on the shared connection and returns its result.
 * `conflict` is the Thai 409 message for a unique conflict (default WRITE_CONFLICT_MESSAGE); pass a
 * field name too when a form should show it beside that field. `durable: false`: see withoutFsync.
 */
export function writeTransaction<T>(fn: (tx: Transaction) => T, options: { conflict?: string; field?: string; durable?: boolean } = {}): T {
  try {
    return options.durable === false ? withoutFsync(() => getDb().transaction(fn, IMMEDIATE)) : getDb().transaction(fn, IMMEDIATE);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const message = options.conflict ?? WRITE_CONFLICT_MESSAGE;
    throw new DomainError(409, message, options.field ? { [options.field]: message } : undefined);
  }
}
