import { describe, expect, it } from 'vitest';
import { splitTags, tagKey, uniqueTags } from '../../src/lib/tag-key';
import { noteInputSchema } from '../../src/lib/validation';

const tagsOf = (input: string | string[]) => noteInputSchema.shape.tags.parse(input);

describe('tag normalisation', () => {
  it.each([
    ['AAR', 'aar'],
    ['ＡＡＲ', 'aar'], // full-width from a phone keyboard
    ['#แผนชุมชน', 'แผนชุมชน'],
    ['  KM  ชุมชน ', 'km ชุมชน'],
    ['ﬁeld', 'field'], // a ligature folds under NFKC
  ])('%s compares as %s', (name, key) => {
    expect(tagKey(name)).toBe(key);
  });

  it('keeps the first spelling and drops later ones', () => {
    expect(uniqueTags(['AAR', 'aar', 'ＡＡＲ', 'ชุมชน'])).toEqual(['AAR', 'ชุมชน']);
  });
});

describe('what people type into the tag box', () => {
  it.each([
    ['#แผนชุมชน #ลงพื้นที่', ['แผนชุมชน', 'ลงพื้นที่']],
    ['#a #b #c', ['a', 'b', 'c']],
    ['#a#b', ['a', 'b']],
    ['แผนชุมชน ลงพื้นที่', ['แผนชุมชน', 'ลงพื้นที่']],
    ['การจัดการ ความรู้, ชุมชน', ['การจัดการ ความรู้', 'ชุมชน']],
    ['AAR, aar, Aar', ['AAR']],
    ['a，b、c', ['a', 'b', 'c']],
  ])('%s → %j', (input, expected) => {
    expect(splitTags(input).length).toBeGreaterThan(0);
    expect(tagsOf(input)).toEqual(expected);
  });

  it('the API array form is normalised the same way', () => {
    expect(tagsOf(['#AAR', 'aar', ' ชุมชน '])).toEqual(['AAR', 'ชุมชน']);
  });

  it('still refuses characters that break tag URLs and more than 10 tags', () => {
    expect(noteInputSchema.shape.tags.safeParse('a/b').success).toBe(false);
    expect(noteInputSchema.shape.tags.safeParse(Array.from({ length: 11 }, (_, i) => `t${i}`).join(' ')).success).toBe(false);
  });
});
