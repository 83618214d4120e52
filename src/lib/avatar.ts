/**
 * The avatar a member has until they upload a photo: their initials on a colour picked from their
 * username (stable, so a person is recognisable across pages). Safe on server and client.
 */
import { escapeHtml } from './html.ts';

/** Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ): not an initial. */
const LEADING_VOWELS = /^[\u0E40-\u0E44]/u;
const segmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

function initialOf(word: string): string {
  const graphemes = [...segmenter.segment(word.replace(LEADING_VOWELS, ''))].map((s) => s.segment);
  // A Thai consonant may carry a vowel or tone mark in the same grapheme: keep only the base letter.
  return (graphemes[0] ?? '').replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu, '').toUpperCase();
}

/** One or two initials: of the first two words of the display name (titles such as "นาย" are kept: people write them). */
export function initials(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map(initialOf).join('') || '?';
}

/** Colours in src/styles/people.css (classes, not inline styles: the CSP allows no style attributes). */
const AVATAR_COLOURS = 8;

/** A colour from the username, so the same member always gets the same one. */
export function avatarColour(username: string): number {
  let hash = 0;
  for (const char of username) hash = (hash * 31 + char.codePointAt(0)!) % 9973;
  return hash % AVATAR_COLOURS;
}

/** The initials avatar as HTML; decorative (the name is always written beside it). */
export function avatarHtml(user: { username: string; displayName: string }, size: 'small' | 'large' = 'small'): string {
  return `<span class="avatar avatar-${size} avatar-c${avatarColour(user.username)}" aria-hidden="true">${escapeHtml(initials(user.displayName))}</span>`;
}
