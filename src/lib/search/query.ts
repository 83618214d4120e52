/**
 * Turns what a person typed into search terms with the rules Banthuek promises beyond Pagefind:
 * a Thai compound is one phrase, marks count when typed, digits match in either script,
 * and Thai/English written together ("ระบบKM") are separate terms.
 */
import { toThaiDigits } from '../thai-date.ts';
import { hasThaiMarks, normaliseForMatch, scriptOf, type Script } from './thai-text.ts';

export const MAX_QUERY_CHARS = 200;

export interface QueryTerm {
  /** Normalised text of the term (lower case, Arabic digits). */
  text: string;
  script: Script;
  /** Thai vowel/tone marks were typed, so they must match exactly. */
  marked: boolean;
}

export interface ParsedQuery {
  raw: string;
  terms: QueryTerm[];
}

/** Splits a query into terms at spaces and wherever the script changes (Thai, Latin, digits). */
export function parseQuery(raw: string): ParsedQuery {
  const text = normaliseForMatch(raw.slice(0, MAX_QUERY_CHARS));
  const terms: QueryTerm[] = [];
  let current = '';
  let currentScript: Script = 'other';
  const flush = () => {
    if (current) terms.push({ text: current, script: currentScript, marked: currentScript === 'thai' && hasThaiMarks(current) });
    current = '';
  };
  for (const char of text) {
    const script = scriptOf(char);
    if (script === 'other') {
      flush();
      continue;
    }
    if (current && script !== currentScript) flush();
    currentScript = script;
    current += char;
  }
  flush();
  return { raw, terms };
}

const thaiWords = new Intl.Segmenter('th', { granularity: 'word' });

function splitThaiWords(text: string): string {
  return [...thaiWords.segment(text)].map((part) => part.segment).join(' ');
}

/**
 * The strings to hand to Pagefind, whose candidates are then checked precisely. Thai is split into
 * ICU words, as the index is (see search-index/segment.ts); an unmarked term is also sent whole,
 * which finds misspelt words the splitter cuts into nonsense (สขภาพ). Digits go in both scripts,
 * since the index keeps each note's own digits.
 * NOTE: pagefind.js must not split again: it runs where there is no `document` (Node, or the page's
 * own worker), so it sees no page language and leaves the query alone, the same in both places.
 */
export function pagefindQueries(query: ParsedQuery): string[] {
  if (!query.terms.length) return [];
  const split = query.terms.map((term) => (term.script === 'thai' ? splitThaiWords(term.text) : term.text)).join(' ');
  const forms = new Set([split]);
  if (query.terms.some((term) => term.script === 'thai' && !term.marked)) forms.add(query.terms.map((term) => term.text).join(' '));
  if (query.terms.some((term) => term.script === 'digit')) for (const form of [...forms]) forms.add(toThaiDigits(form));
  return [...forms];
}

/** The most ICU words any Thai term splits into: a compound's words must sit together in a match. */
export function longestPhraseWords(query: ParsedQuery): number {
  return Math.max(1, ...query.terms.filter((term) => term.script === 'thai').map((term) => splitThaiWords(term.text).split(' ').length));
}
