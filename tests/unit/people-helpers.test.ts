import { describe, expect, it } from 'vitest';
import { avatarHtml, avatarUrl, initials, avatarColour } from '~/lib/avatar.ts';
import { expertiseSchema, parseDirectoryQuery } from '~/lib/people-validation.ts';
import { moveInOrder } from '~/lib/server/series-edit.ts';
import { startOfBangkokDay } from '~/lib/server/notification.ts';

describe('initials avatar', () => {
  it('takes the first letter of the first two words, skipping Thai leading vowels and marks', () => {
    expect(initials('สมชาย ใจดี')).toBe('สจ');
    expect(initials('เกษม แก้วมณี')).toBe('กก');
    expect(initials('ปลัดประเสริฐ')).toBe('ป');
    expect(initials('ชื่นจิต')).toBe('ช');
    expect(initials('somchai srisuk')).toBe('SS');
    expect(initials('   ')).toBe('?');
  });
  it('gives one member the same colour every time', () => {
    expect(avatarColour('malee')).toBe(avatarColour('malee'));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(avatarColour)).size).toBeGreaterThan(3);
  });
});

describe('photo avatar', () => {
  const id = 'ab'.repeat(16);
  it('is an image at the size shown, with both copies to choose from and the member named in its alt text (escaped)', () => {
    const html = avatarHtml({ username: 'x', displayName: '"><script>alert(1)</script>', avatarUploadId: id }, 'tiny');
    expect(html).toBe(
      `<img class="avatar avatar-tiny avatar-photo" src="/uploads/${id}-256x256-96.webp" srcset="/uploads/${id}-256x256-96.webp 96w, /uploads/${id}-256x256-256.webp 256w" sizes="32px" width="32" height="32" alt="รูปของ &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" loading="lazy" decoding="async">`,
    );
    expect(avatarUrl(id, 256)).toBe(`/uploads/${id}-256x256-256.webp`);
  });
  it('falls back to the initials without a photo', () => {
    expect(avatarHtml({ username: 'malee', displayName: 'มาลี ใจดี', avatarUploadId: null }, 'large')).toBe(
      `<span class="avatar avatar-large avatar-c${avatarColour('malee')}" aria-hidden="true">มจ</span>`,
    );
  });
});

describe('directory query', () => {
  it('cleans the filters and falls back on odd values instead of failing', () => {
    expect(
      parseDirectoryQuery(new URLSearchParams('q=%20%E0%B8%A7%E0%B8%B5%E0%B8%93%E0%B8%B2%20&expertise=%23AAR&page=2&sort=notes')),
    ).toEqual({ q: 'วีณา', province: undefined, organisation: undefined, expertise: 'aar', page: 2, sort: 'notes' });
    expect(parseDirectoryQuery(new URLSearchParams('page=-1&sort=x&q='))).toMatchObject({ page: 1, sort: 'active', q: undefined });
  });
  it('normalises expertise like tags and refuses an eleventh', () => {
    expect(expertiseSchema.parse('อสม., #AAR,  อสม. ,')).toEqual(['อสม.', 'aar']);
    expect(expertiseSchema.safeParse(Array.from({ length: 11 }, (_, i) => `x${i}`)).success).toBe(false);
    expect(expertiseSchema.safeParse('a/b').success).toBe(false);
  });
});

describe('series order', () => {
  it('moves a part up or down and stays put at either end', () => {
    expect(moveInOrder([1, 2, 3], 3, -1)).toEqual([1, 3, 2]);
    expect(moveInOrder([1, 2, 3], 1, 1)).toEqual([2, 1, 3]);
    expect(moveInOrder([1, 2, 3], 1, -1)).toEqual([1, 2, 3]);
    expect(moveInOrder([1, 2, 3], 3, 1)).toEqual([1, 2, 3]);
    expect(moveInOrder([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
  });
});

describe('once per day', () => {
  it('starts the day at midnight in Bangkok (17:00 UTC the day before)', () => {
    expect(new Date(startOfBangkokDay(Date.parse('2026-11-29T16:59:00Z'))).toISOString()).toBe('2026-11-28T17:00:00.000Z');
    expect(new Date(startOfBangkokDay(Date.parse('2026-11-29T17:00:00Z'))).toISOString()).toBe('2026-11-29T17:00:00.000Z');
  });
});
