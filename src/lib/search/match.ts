/**
 * Precision filter applied to every Pagefind candidate: a term must appear in the note as a run of
 * whole words. Word boundaries come from Pagefind's own Thai segmentation, which marks them with
 * zero-width spaces in `raw_content`, so a query and the index agree on what a word is.
 */
import { normaliseForMatch, scriptOf, stripThaiMarks } from './thai-text.ts';
import type { ParsedQuery, QueryTerm } from './query.ts';

const ZERO_WIDTH_SPACE = '\u200B';

export interface PreparedText {
  /** Text as written, without Pagefind's zero-width spaces: what excerpts show. */
  display: string;
  /** Lower case, Arabic digits; same length as `display`. */
  normal: string;
  /** boundary[i]: a word may start or end at position i of `normal`. */
  boundary: boolean[];
}

export type MatchStrength = 'exact' | 'loose' | 'none';

/** Match ranges, as [start, end) positions in `display`. */
export type Range = [number, number];

/** Reads Pagefind's raw content (with zero-width spaces at word boundaries) into a matchable form. */
export function prepareText(rawContent: string): PreparedText {
  let display = '';
  const breaks = new Set<number>([0]);
  for (const char of rawContent) {
    if (char === ZERO_WIDTH_SPACE) breaks.add(display.length);
    else display += char;
  }
  const normal = normaliseForMatch(display);
  // NOTE: toLowerCase can change the length of some non-Thai letters; fall back to the display text then.
  const base = normal.length === display.length ? normal : display;
  const boundary: boolean[] = new Array(base.length + 1).fill(false);
  boundary[base.length] = true;
  for (let i = 0; i < base.length; i++) {
    const here = scriptOf(base[i]!);
    const before = i > 0 ? scriptOf(base[i - 1]!) : 'other';
    if (breaks.has(i) || here !== before || here === 'other') boundary[i] = true;
    if (here === 'other') boundary[i + 1] = true;
  }
  return { display, normal: base, boundary };
}

/** เ แ โ ใ ไ are written before the consonant they follow in speech, so a syllable always starts at one. */
const LEADING_VOWEL = /[\u0E40-\u0E44]/;
/** Marks and vowels that attach to the consonant before them: a word never starts at one, nor ends just before one. */
const ATTACHED = /[\u0E30-\u0E3A\u0E45\u0E47-\u0E4E]/;
/** Terms this long (letters, not counting marks), or typed with marks, may sit inside a longer compound (สังคม in สังคมสงเคราะห์). */
const COMPOUND_PART_LETTERS = 3;

function canStart(text: string, boundary: boolean[], at: number, long: boolean): boolean {
  if (boundary[at]) return true;
  const char = text[at]!;
  if (ATTACHED.test(char) || LEADING_VOWEL.test(text[at - 1]!)) return false;
  return LEADING_VOWEL.test(char) || long;
}

function canEnd(text: string, boundary: boolean[], end: number, long: boolean): boolean {
  if (boundary[end]) return true;
  if (ATTACHED.test(text[end]!)) return false;
  // Short unmarked terms need a real word end: ไม is a syllable of ไมโครโฟน, not a word in it.
  return long;
}

function findTerm(text: string, boundary: boolean[], term: QueryTerm, ranges: Range[], map?: number[]): boolean {
  // Latin terms may be the start of a longer word ("know" in "knowledge"), as in Pagefind. Short Thai
  // terms must be whole words (ตา is not in ตาม); longer ones may also be part of a compound.
  const prefixOk = term.script === 'latin';
  const long = term.script === 'thai' && (term.marked || stripThaiMarks(term.text).length >= COMPOUND_PART_LETTERS);
  let found = false;
  for (let at = text.indexOf(term.text); at !== -1; at = text.indexOf(term.text, at + 1)) {
    const end = at + term.text.length;
    if (!canStart(text, boundary, at, long)) continue;
    if (!prefixOk && !canEnd(text, boundary, end, long)) continue;
    ranges.push(map ? [map[at]!, map[end - 1]! + 1] : [at, end]);
    found = true;
  }
  return found;
}

interface LooseText {
  text: string;
  boundary: boolean[];
  /** Position in the stripped text → position in the prepared text. */
  map: number[];
}

function stripForLooseMatch(prepared: PreparedText): LooseText {
  let text = '';
  const boundary: boolean[] = [];
  const map: number[] = [];
  for (let i = 0; i < prepared.normal.length; i++) {
    const char = prepared.normal[i]!;
    if (stripThaiMarks(char) === '') continue;
    boundary.push(prepared.boundary[i]!);
    map.push(i);
    text += char;
  }
  boundary.push(true);
  return { text, boundary, map };
}

/**
 * How a note's text meets the query: `exact` when every term appears as whole words with the marks
 * typed, `loose` when some unmarked term appears only once marks are ignored ("ไม" in "ไม่"), else `none`.
 * Ranges collect every match for highlighting.
 */
export function matchQuery(query: ParsedQuery, prepared: PreparedText): { strength: MatchStrength; ranges: Range[] } {
  const ranges: Range[] = [];
  let strength: MatchStrength = query.terms.length ? 'exact' : 'none';
  let loose: LooseText | undefined;
  for (const term of query.terms) {
    if (findTerm(prepared.normal, prepared.boundary, term, ranges)) continue;
    if (term.script !== 'thai' || term.marked) return { strength: 'none', ranges: [] };
    loose ??= stripForLooseMatch(prepared);
    if (!findTerm(loose.text, loose.boundary, term, ranges, loose.map)) return { strength: 'none', ranges: [] };
    strength = 'loose';
  }
  return { strength, ranges };
}
