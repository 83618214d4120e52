import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { RATE_LIMITS, consumeToken, enforceUploadLimits, retryMessage } from '~/lib/server/rate-limit.ts';
import { HOUR_MS, MINUTE_MS } from '~/lib/time.ts';

let cleanup: () => void;
beforeEach(() => {
  cleanup = useFreshDatabase();
});
afterEach(() => cleanup());

function limitOf(fn: () => void): DomainError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('upload limits (policy exported for the upload route)', () => {
  it('per account, then per address', () => {
    for (let i = 0; i < RATE_LIMITS.uploadPerUser.capacity; i++) expect(limitOf(() => enforceUploadLimits(1, '10.0.0.1'))).toBeUndefined();
    const refused = limitOf(() => enforceUploadLimits(1, '10.0.0.1'));
    expect(refused?.status).toBe(429);
    expect(refused?.message).toMatch(/ลองใหม่ในอีกประมาณ \d+ นาที/);
    expect(refused?.retryAfterMs).toBeGreaterThan(0);
    let allowedForOthers = 0;
    for (let user = 2; limitOf(() => enforceUploadLimits(user, '10.0.0.1')) === undefined; user++) allowedForOthers++;
    // The refused call above spent no per-IP token (the per-account bucket refused first).
    expect(allowedForOthers).toBe(RATE_LIMITS.uploadPerIp.capacity - RATE_LIMITS.uploadPerUser.capacity);
  });
});

describe('token bucket', () => {
  it('refills with time and says when to try again', () => {
    const policy = { capacity: 2, refillMs: 10 * MINUTE_MS };
    const t0 = 1_000_000;
    expect(consumeToken('k', policy, t0).allowed).toBe(true);
    expect(consumeToken('k', policy, t0).allowed).toBe(true);
    const refused = consumeToken('k', policy, t0);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE_MS });
    expect(consumeToken('k', policy, t0 + 5 * MINUTE_MS).allowed).toBe(true);
  });

  it.each([
    [10_000, 'ลองใหม่ในอีกประมาณ 1 นาที'],
    [14 * MINUTE_MS + 1, 'ลองใหม่ในอีกประมาณ 15 นาที'],
    [3 * HOUR_MS, 'ลองใหม่ในอีกประมาณ 3 ชั่วโมง'],
  ])('retryMessage(%i)', (ms, text) => {
    expect(retryMessage(ms)).toContain(text);
  });
});
