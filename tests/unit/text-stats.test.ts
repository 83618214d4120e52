import { describe, expect, it } from 'vitest';
import { countText } from '../../src/lib/text-stats.ts';

describe('countText', () => {
  it('counts Thai words without spaces by dictionary word breaks', () => {
    // สวัสดี|ครับ|ผม|ชื่อ|สมชาย: five words, no spaces at all
    expect(countText('สวัสดีครับผมชื่อสมชาย').words).toBe(5);
  });

  it('counts mixed Thai, English and numbers, ignoring punctuation and whitespace', () => {
    expect(countText('ทำ AAR กับ 300 คน!').words).toBe(5);
    expect(countText('  \n').words).toBe(0);
  });

  it('counts user-perceived characters: a Thai consonant with vowel and tone marks is one', () => {
    expect(countText('ที่').characters).toBe(1);
    expect(countText('น้ำ ใจ').characters).toBe(3); // น้ำ is one cluster; ใ and จ are two; the space is not counted
  });
});
