/**
 * Character-level rules for matching Thai text, shared by the search page and the CLI.
 * Thai writes words without spaces and stacks vowel and tone marks on consonants, so these
 * helpers work on code points rather than on words.
 */
import { toArabicDigits } from '../thai-date.ts';

/** Above/below vowels, tone marks, thanthakhat and friends: they change a word, yet phones make them easy to skip. */
const THAI_MARKS = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g;

export type Script = 'thai' | 'latin' | 'digit' | 'other';

/** True when the text carries a Thai vowel or tone mark that the person chose to type. */
export function hasThaiMarks(text: string): boolean {
  return new RegExp(THAI_MARKS.source).test(text);
}

/** Drops Thai vowel and tone marks: "ไม้" and "ไม่" both become "ไม". */
export function stripThaiMarks(text: string): string {
  return text.replace(THAI_MARKS, '');
}

/** The script of one character; digits of both systems count as digits. */
export function scriptOf(char: string): Script {
  if (/[\u0E50-\u0E590-9]/.test(char)) return 'digit';
  if (/[\u0E01-\u0E4F\u0E5A\u0E5B]/.test(char)) return 'thai';
  if (/[\p{L}\p{M}]/u.test(char)) return 'latin';
  return 'other';
}

/** Lower-cases, maps Thai digits to Arabic and normalises to NFC: the form both query and text are compared in. */
export function normaliseForMatch(text: string): string {
  return toArabicDigits(text.normalize('NFC').toLowerCase());
}
