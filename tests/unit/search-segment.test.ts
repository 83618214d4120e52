/** Thai word marks in indexed text (segment.ts): taken line by line, they are those of the whole text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markThaiWordBoundaries } from '../../src/lib/server/search-index/segment.ts';

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
});
