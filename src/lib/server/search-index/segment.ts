/**
 * NOTE: Pagefind's browser code splits a Thai query with the browser's ICU word segmenter, while the
 * index is split by Pagefind's own dictionary. Where they disagree the query misses: ความรู้ is
 * queried as ความ + รู้, but "การจัดการความรู้" may be indexed with a single token ความรู้. Marking
 * ICU's word boundaries in the indexed text with zero-width spaces (invisible, and dropped again
 * when excerpts are built) makes both sides cut words at the same places.
 */
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
const ZERO_WIDTH_SPACE = '\u200B';
const THAI = /[\u0E01-\u0E5B]/;

/**
 * Longest piece of text handed to ICU at once. NOTE: ICU's word segmenter is superlinear in the
 * length of what it is given (one 200 KB line of Latin words: 107 s; of Thai, 90k characters 2 s
 * and 140k 276 s), and one long line froze every index update (issue 21). Pieces of this size
 * cost ~2.5 µs a character, so a note at the body limit takes well under a second
 * (docs/decisions/2102-search-index-bounded-work.md).
 */
const SEGMENT_CHUNK_CHARS = 4_000;
/**
 * Where a piece has no whitespace to end at, its last words are given back to the next piece: a
 * word cut by the piece's end could be split differently, and ICU's Thai dictionary looks a few
 * words ahead.
 */
const CHUNK_TAIL_CHARS = 200;
/**
 * A whitespace character followed by what may start a word: ICU always breaks between the two
 * (UAX #29: only a mark, format character or joiner attaches to what precedes it, WB4), so a
 * piece ending there gets the same words as the whole line.
 */
const SAFE_CUT = /[^\S\n][^\s\p{M}\p{Cf}]/gu;

export interface MarkedText {
  text: string;
  /** False when the deadline passed first: `text` is then a prefix of the input, marked. */
  complete: boolean;
}

export interface MarkOptions {
  /** Time (ms, by `now`) past which marking stops at the end of a piece and returns what it marked. */
  deadline?: number;
  now?: () => number;
  /** Longest piece given to ICU (tests use small ones). */
  chunkChars?: number;
}

/**
 * Inserts a zero-width space between adjacent words that both contain Thai letters, giving ICU
 * pieces of at most SEGMENT_CHUNK_CHARS characters (cut at line ends and whitespace where possible).
 */
export function markThaiWordBoundariesUntil(text: string, options: MarkOptions = {}): MarkedText {
  const { deadline = Infinity, now = Date.now, chunkChars = SEGMENT_CHUNK_CHARS } = options;
  let out = '';
  // NOTE: line by line, as ICU always breaks around a line end (UAX #29 WB3a/WB3b) and so gives
  // the same words; whole search documents (a note and its comments, ~2 KB) took ~1.8× as long.
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (index > 0) out += '\n';
    const line = lines[index]!;
    let previousThaiWord = false;
    for (let start = 0; start < line.length;) {
      if (now() > deadline) return { text: out, complete: false };
      const end = pieceEnd(line, start, chunkChars);
      const piece = line.slice(start, end);
      if (!THAI.test(piece)) {
        // Marks go only between two Thai words, so a piece without Thai has none (most Latin text).
        out += piece;
        previousThaiWord = false;
        start = end;
        continue;
      }
      const segments = [...segmenter.segment(piece)];
      // Cut inside a run of text: the last words go to the next piece, which starts at a word boundary.
      const kept = end < line.length && !isSafeCut(line, end) ? wordsBeforeTail(segments, piece.length, chunkChars) : segments.length;
      for (const { segment, isWordLike } of segments.slice(0, kept)) {
        const thaiWord = Boolean(isWordLike) && THAI.test(segment);
        if (thaiWord && previousThaiWord) out += ZERO_WIDTH_SPACE;
        out += segment;
        previousThaiWord = thaiWord;
      }
      const last = kept < segments.length ? segments[kept]!.index : piece.length;
      start += last;
    }
  }
  return { text: out, complete: true };
}

/** Inserts a zero-width space between adjacent words that both contain Thai letters. */
export function markThaiWordBoundaries(text: string): string {
  return markThaiWordBoundariesUntil(text).text;
}

/** Where the piece from `start` ends: the line's end, else the last safe cut in its second half, else `chunkChars` on. */
function pieceEnd(line: string, start: number, chunkChars: number): number {
  const limit = start + chunkChars;
  if (limit >= line.length) return line.length;
  const from = start + Math.floor(chunkChars / 2);
  let cut = -1;
  for (const match of line.slice(from, limit + 1).matchAll(SAFE_CUT)) cut = from + match.index + 1;
  return cut > 0 ? cut : limit;
}

const isSafeCut = (line: string, at: number) => /[^\S\n]/.test(line[at - 1] ?? '') && /[^\s\p{M}\p{Cf}]/u.test(line[at] ?? '');

/** How many of the piece's words end before its tail (the rest go to the next piece); at least one. */
function wordsBeforeTail(segments: Intl.SegmentData[], length: number, chunkChars: number): number {
  const tail = Math.min(CHUNK_TAIL_CHARS, Math.floor(chunkChars / 4));
  let kept = 1;
  while (kept < segments.length && segments[kept]!.index <= length - tail) kept++;
  return kept - 1 || 1;
}
