/** Text helpers safe on server and client. */

// Bidi overrides/isolates and zero-width characters let a name look like another, or reverse text.
const INVISIBLE_OR_BIDI = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** NFC-normalises, removes control characters and invisible/bidi-control characters, trims. */
export function cleanSingleLine(value: string): string {
  return value.normalize('NFC').replace(CONTROL, '').replace(INVISIBLE_OR_BIDI, '').replace(/\s+/g, ' ').trim();
}

/** Like cleanSingleLine but keeps line breaks (Markdown bodies). Zero-width joiners are left: Markdown may need them. */
export function cleanMultiline(value: string): string {
  return value
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\r\n?/g, '\n');
}

/** True when the text carries characters cleanSingleLine would remove (used to reject, not silently alter, usernames). */
export function hasInvisibleCharacters(value: string): boolean {
  return new RegExp(INVISIBLE_OR_BIDI.source).test(value) || new RegExp(CONTROL.source).test(value);
}

/** A short URL slug from a title: Thai letters kept, spaces to dashes. Slugs are decoration; ids identify notes. */
export function slugify(title: string, maxLength = 60): string {
  return cleanSingleLine(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}
