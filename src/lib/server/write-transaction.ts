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
 * Runs `fn` in one BEGIN IMMEDIATE transaction on the shared connection and returns its result.
 * `conflict` is the Thai 409 message for a unique conflict (default WRITE_CONFLICT_MESSAGE); pass a
 * field name too when a form should show it beside that field.
 */
export function writeTransaction<T>(fn: (tx: Transaction) => T, options: { conflict?: string; field?: string } = {}): T {
  try {
    return getDb().transaction(fn, IMMEDIATE);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const message = options.conflict ?? WRITE_CONFLICT_MESSAGE;
    throw new DomainError(409, message, options.field ? { [options.field]: message } : undefined);
  }
}
