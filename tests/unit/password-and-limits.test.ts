import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { hashPassword, verifyPassword } from '~/lib/server/password.ts';
import { consumeToken, resetBucket } from '~/lib/server/rate-limit.ts';
import { safeRedirectPath } from '~/lib/paths.ts';
import { noteInputSchema, registerSchema } from '~/lib/validation.ts';
import { MINUTE_MS } from '~/lib/time.ts';

describe('argon2id passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('รหัสผ่านภาษาไทย123');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'รหัสผ่านภาษาไทย123')).toBe(true);
    expect(await verifyPassword(hash, 'รหัสผ่านภาษาไทย124')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same')); // salted
  });
});

describe('token buckets in SQLite', () => {
  let cleanup: () => void;
  beforeEach(() => {
    cleanup = useFreshDatabase();
  });
  afterEach(() => cleanup());

  it('allows `capacity` requests, refuses the next with a retry time, and refills over time', () => {
    const policy = { capacity: 3, refillMs: 3 * MINUTE_MS };
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => consumeToken('k', policy, t0).allowed)).toEqual([true, true, true]);
    const refused = consumeToken('k', policy, t0);
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.retryAfterMs).toBe(MINUTE_MS);
    expect(consumeToken('k', policy, t0 + MINUTE_MS).allowed).toBe(true);
    expect(consumeToken('k', policy, t0 + MINUTE_MS).allowed).toBe(false);
    expect(consumeToken('other', policy, t0).allowed).toBe(true);
    resetBucket('k');
    expect(consumeToken('k', policy, t0).allowed).toBe(true);
  });
});

describe('safe redirects after login', () => {
  it.each([
    ['/notes/1', '/notes/1'],
    ['/search?q=ชุมชน', '/search?q=%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/\t/evil.example', '/'],
    ['', '/'],
    [null, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});

describe('validation with Thai messages', () => {
  it('rejects usernames with invisible or non-ASCII characters and keeps good ones', () => {
    const base = { password: 'password-1', displayName: 'ชื่อ' };
    expect(registerSchema.safeParse({ ...base, username: 'Somchai_01' }).data?.username).toBe('somchai_01');
    for (const bad of ['som\u200bchai', 'som\u202echai', 'สมชาย', 'ab', 'a'.repeat(31), '-lead', 'soมchai', 'e\u0301e']) {
      const result = registerSchema.safeParse({ ...base, username: bad });
      expect(result.success, bad).toBe(false);
    }
  });

  it('cleans display names of bidi overrides and zero-width characters', () => {
    const parsed = registerSchema.parse({ username: 'abc', password: 'password-1', displayName: '\u202eสมชาย\u200b ใจดี  ' });
    expect(parsed.displayName).toBe('สมชาย ใจดี');
  });

  it('normalises tags and enforces note limits', () => {
    const parsed = noteInputSchema.parse({ title: ' ชื่อ ', body: 'เนื้อหา', tags: '#ชุมชน, KM, km ,, ชุมชน' });
    expect(parsed.tags).toEqual(['ชุมชน', 'KM']); // one tag per spelling, the first-seen spelling kept (issue 12)
    expect(parsed.licence).toBe('cc-by-nc-sa-4.0');
    expect(parsed.status).toBe('published');
    const tooMany = noteInputSchema.safeParse({ title: 't', body: 'b', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(tooMany.error?.issues[0]?.message).toContain('ไม่เกิน 10');
    expect(noteInputSchema.safeParse({ title: 't', body: 'b', tags: ['a/b'] }).success).toBe(false);
  });
});
