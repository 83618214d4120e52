import { describe, expect, it } from 'vitest';
import { buildExcerpt } from '../../src/lib/search/excerpt.ts';
import { matchQuery, prepareText } from '../../src/lib/search/match.ts';
import { pagefindQueries, parseQuery } from '../../src/lib/search/query.ts';

const ZW = '\u200B';
const strength = (query: string, raw: string) => matchQuery(parseQuery(query), prepareText(raw)).strength;

describe('parsing a query', () => {
  it('splits Thai from English and digits, and maps Thai digits to Arabic', () => {
    expect(parseQuery('ระบบKM ปี๒๕๕๐').terms.map((term) => term.text)).toEqual(['ระบบ', 'km', 'ปี', '2550']);
  });
  it('asks Pagefind for both digit scripts', () => {
    expect(pagefindQueries(parseQuery('๒๕๕๐'))).toEqual(['2550', '๒๕๕๐']);
  });
});

describe('matching Thai precisely', () => {
  it('treats a compound as a phrase', () => {
    expect(strength('เรียนรู้', `การ${ZW}เรียน${ZW}รู้${ZW}ร่วม${ZW}กัน`)).toBe('exact');
    expect(strength('เรียนรู้', `ไป${ZW}เรียน${ZW}แล้ว${ZW}รู้สึก`)).toBe('none');
  });
  it('respects typed marks and allows loose matches for unmarked queries', () => {
    expect(strength('ภาคี', `ภาค${ZW}เหนือ`)).toBe('none');
    expect(strength('ไม้', `ไม่${ZW}ใช่`)).toBe('none');
    expect(strength('ไม้', `ต้นไม้`)).toBe('exact');
    expect(strength('ไม', `ไม่${ZW}ได้`)).toBe('loose');
    expect(strength('ไม', 'ไมโครโฟน')).toBe('none');
  });
  it('does not find a short word inside another syllable', () => {
    expect(strength('มา', 'เมา')).toBe('none');
  });
  it('matches digits in either script as whole numbers', () => {
    expect(strength('๒๕๕๐', 'ปี 2550')).toBe('exact');
    expect(strength('2550', 'เลขที่ 25501')).toBe('none');
  });
});

describe('excerpts', () => {
  it('escapes HTML and marks matches', () => {
    expect(buildExcerpt('a <b> ชุมชน', [[6, 11]])).toBe('a &lt;b&gt; <mark>ชุมชน</mark>');
  });
});
