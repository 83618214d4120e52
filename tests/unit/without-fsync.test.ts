/**
 * Bookkeeping writes (rate-limit buckets, view counts, session rows) commit without an fsync
 * (synchronous=NORMAL, decision 2701); every other write keeps synchronous=FULL, and the level is
 * back to FULL after each of them, also when they fail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { withoutFsync, writeTransaction } from '~/lib/server/write-transaction.ts';
import { RATE_LIMITS, consumeToken } from '~/lib/server/rate-limit.ts';

const FULL = 2;
const NORMAL = 1;
const level = () => getDb().$client.pragma('synchronous', { simple: true });

let cleanup: () => void;
beforeEach(() => (cleanup = useFreshDatabase()));
afterEach(() => cleanup());

describe('commits without an fsync', () => {
  it('are NORMAL only inside withoutFsync, FULL before and after, even when the work throws', () => {
    expect(level()).toBe(FULL);
    expect(withoutFsync(level)).toBe(NORMAL);
    expect(level()).toBe(FULL);
    expect(() =>
      withoutFsync(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(level()).toBe(FULL);
  });

  it('leave an enclosing transaction as it is (SQLite refuses to change the level inside one)', () => {
    const inside = writeTransaction(() => withoutFsync(level));
    expect(inside).toBe(FULL);
    expect(writeTransaction(level, { durable: false })).toBe(NORMAL);
    expect(level()).toBe(FULL);
  });

  it('still spend a rate-limit bucket, and leave the connection at FULL', () => {
    const policy = { ...RATE_LIMITS.loginPerIp, capacity: 1 };
    expect(consumeToken('test:bucket', policy)).toEqual({ allowed: true });
    expect(consumeToken('test:bucket', policy).allowed).toBe(false);
    expect(level()).toBe(FULL);
  });
});
