/**
 * Word and character counts for the editor, safe on server and client. Thai has no spaces between
 * words, so words are counted with Intl.Segmenter's dictionary-based word breaking.
 */
const WORDS = new Intl.Segmenter('th', { granularity: 'word' });
const GRAPHEMES = new Intl.Segmenter('th', { granularity: 'grapheme' });

export interface TextStats {
  words: number;
  characters: number;
}

/** Words (segments that are word-like: Thai or Latin words, numbers) and user-perceived characters, whitespace excluded. */
export function countText(text: string): TextStats {
  let words = 0;
  for (const segment of WORDS.segment(text)) if (segment.isWordLike) words++;
  let characters = 0;
  for (const { segment } of GRAPHEMES.segment(text)) if (!/^\s+$/u.test(segment)) characters++;
  return { words, characters };
}
