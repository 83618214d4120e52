/**
 * Thai word marks in indexed text (segment.ts): taken line by line and in pieces of bounded size,
 * they are those of the whole text; a text at the body limit is marked in bounded time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markThaiWordBoundaries, markThaiWordBoundariesUntil } from '../../src/lib/server/search-index/segment.ts';

/** The whole text through ICU at once, as segment.ts did before it went line by line. */
function markWhole(text: string): string {
  let out = '';
  let previous = false;
  for (const { segment, isWordLike } of new Intl.Segmenter('th', { granularity: 'word' }).segment(text)) {
    const thai = Boolean(isWordLike) && /[\u0E01-\u0E5B]/.test(segment);
    if (thai && previous) out += '\u200B';
    out += segment;
    previous = thai;
  }
  return out;
}

const PIECES = ['การจัดการความรู้', 'ชุมชน', 'เรียนรู้', 'ั', '่', 'ๆ', '๒๕๖๖', '2566', 'KM', ' ', '\n', '\r\n', '.', '-', '\u200B', '\u00a0'];

describe('Thai word boundaries', () => {
  it('marks boundaries between Thai words only', () => {
    expect(markThaiWordBoundaries('การจัดการความรู้ KM\nชุมชน')).toBe('การ\u200Bจัดการ\u200Bความ\u200Bรู้ KM\nชุมชน');
  });

  it('gives, line by line, exactly the marks of the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(markThaiWordBoundaries(text)).toBe(markWhole(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives, in pieces cut at whitespace, exactly the marks of the whole text', () => {
    // Runs of up to ~60 characters between spaces, each starting with a letter or digit, so a
    // piece of 130+ characters always has a whitespace cut in its second half.
    const run = fc
      .tuple(fc.constantFrom('ก', 'ข้า', 'a', '1', 'ประสบการณ์'), fc.array(fc.constantFrom(...PIECES, 'บันทึก', 'knowledge'), { maxLength: 5 }))
      .map(([first, rest]) => first + rest.join('').replaceAll(' ', '').replaceAll('\u00a0', ''));
    fc.assert(
      fc.property(fc.array(run, { maxLength: 60 }), fc.integer({ min: 130, max: 400 }), (runs, chunkChars) => {
        const text = runs.join(' ');
        expect(markThaiWordBoundariesUntil(text, { chunkChars })).toEqual({ text: markWhole(text), complete: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('loses and adds no character when it has to cut inside a long run', () => {
    const words = fc.array(fc.constantFrom(...PIECES, 'การ', 'บันทึก', 'knowledge', 'ประสบการณ์', 'ๆ', 'ก่'), { maxLength: 150 });
    fc.assert(
      fc.property(words, fc.integer({ min: 8, max: 200 }), (pieces, chunkChars) => {
        const text = pieces.join('');
        const marked = markThaiWordBoundariesUntil(text, { chunkChars });
        expect(marked.complete).toBe(true);
        expect(marked.text.replaceAll('\u200B', '')).toBe(text.replaceAll('\u200B', ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops at the deadline with a marked prefix of the text', () => {
    const text = 'การจัดการความรู้ชุมชน '.repeat(2_000);
    const { text: marked, complete } = markThaiWordBoundariesUntil(text, { deadline: Date.now() - 1 });
    expect(complete).toBe(false);
    expect(marked).toBe('');
    const whole = markThaiWordBoundariesUntil(text);
    expect(whole.complete).toBe(true);
    expect(whole.text.replaceAll('\u200B', '')).toBe(text);
  });

  it('marks a note at the body limit written on one line in bounded time (one ICU call took 10-107 s)', () => {
    const BODY_LIMIT_BYTES = 200 * 1024;
    const fill = (word: string) => word.repeat(Math.floor(BODY_LIMIT_BYTES / Buffer.byteLength(word)));
    for (const text of [fill('การจัดการความรู้ของชุมชน '), fill('knowledge sharing in the village '), fill('ประสบการณ์')]) {
      const startedAt = Date.now();
      const marked = markThaiWordBoundariesUntil(text);
      expect(marked.complete).toBe(true);
      expect(marked.text.replaceAll('\u200B', '')).toBe(text);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    }
  });
});
