/**
 * A member's avatar: their uploaded profile photo (a square, upload/avatar.ts), or until they upload
 * one their initials on a colour picked from their username (stable, so a person is recognisable
 * across pages). Safe on server and client.
 */
import { html } from './html.ts';
import { UPLOADS_PATH, variantFileName } from './upload-urls.ts';

/** Side of the stored square (its JPEG); WebP copies at each of AVATAR_WIDTHS. */
export const AVATAR_SIDE = 256;
/** 96 px covers the small avatars (44 px and 32 px CSS) at 2–3× pixel density, 256 px the profile's 72 px. */
export const AVATAR_WIDTHS = [96, 256] as const;
type AvatarWidth = (typeof AVATAR_WIDTHS)[number];

/** The URL of an avatar upload's WebP copy `width` px square (the id is random per photo, so a new one is a new URL). */
export function avatarUrl(uploadId: string, width: AvatarWidth = 96): string {
  return `${UPLOADS_PATH}${variantFileName(uploadId, AVATAR_SIDE, AVATAR_SIDE, width)}`;
}

/** Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ): not an initial. */
const LEADING_VOWELS = /^[\u0E40-\u0E44]/u;
/**
 * The first letter with the marks written on it (a user-perceived character, near enough).
 * NOTE: not Intl.Segmenter: it cost ~35 µs a name, 1.8 ms for a page of 50 comments' avatars.
 */
const FIRST_LETTER = /^\P{M}\p{M}*/u;

function initialOf(word: string): string {
  const letter = FIRST_LETTER.exec(word.replace(LEADING_VOWELS, ''))?.[0] ?? '';
  // A Thai consonant may carry a vowel or tone mark in the same grapheme: keep only the base letter.
  return letter.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu, '').toUpperCase();
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

export type AvatarSize = 'tiny' | 'small' | 'large';
/** CSS width of each size (src/styles/people.css), for the browser to pick a copy before layout. */
const AVATAR_CSS_PX: Record<AvatarSize, number> = { tiny: 32, small: 44, large: 72 };

/** Who an avatar is of; `avatarUploadId` null or absent shows the initials. */
export interface AvatarOwner {
  username: string;
  displayName: string;
  avatarUploadId?: string | null;
}

/**
 * The avatar as HTML: the photo with alt text naming the member, or the initials (decorative: the
 * name is always written beside them).
 */
export function avatarHtml(user: AvatarOwner, size: AvatarSize = 'small'): string {
  const id = user.avatarUploadId;
  if (id) {
    const px = AVATAR_CSS_PX[size];
    const srcset = AVATAR_WIDTHS.map((w) => `${avatarUrl(id, w)} ${w}w`).join(', ');
    return html`<img class="avatar avatar-${size} avatar-photo" src="${avatarUrl(id, 96)}" srcset="${srcset}" sizes="${px}px" width="${px}" height="${px}" alt="รูปของ ${user.displayName}" loading="lazy" decoding="async">`
      .value;
  }
  return html`<span class="avatar avatar-${size} avatar-c${avatarColour(user.username)}" aria-hidden="true">${initials(user.displayName)}</span>`
    .value;
}
