/**
 * The names uploads are shown and downloaded under. The bytes decide what a file is (detect.ts);
 * the member's name only supplies the rest: a PDF sent as "report.hta" downloads as "report.pdf",
 * never as something a desktop would run (issue 21, finding 3).
 */

/** Longest name kept, in characters (a name past it is cut, its extension kept). */
const MAX_NAME_CHARS = 120;
/**
 * Characters a name loses: control characters, those Windows forbids in names, and the invisible
 * direction marks and overrides that make "‮fdp.exe" read as "exe.pdf".
 */
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f"<>|*?:\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;
/** The member's own extension, which the detected one replaces. */
const OWN_EXTENSION = /\.[^.\s]{1,16}$/;

/** A file name to show and to download as: no path, no control characters, not too long. */
export function cleanName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(UNSAFE_NAME_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return [...cleaned].slice(0, MAX_NAME_CHARS).join('') || fallback;
}

/**
 * `name` cleaned, with its own extension replaced by `ext`, the extension of what the bytes are.
 * Leading and trailing dots go too (a name of only an extension, ".hta", becomes `fallback`).
 */
export function nameForType(name: string, ext: string, fallback: string): string {
  const base = cleanName(name, '')
    .replace(OWN_EXTENSION, '')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const kept = [...(base || fallback)].slice(0, MAX_NAME_CHARS - ext.length - 1).join('');
  return `${kept}.${ext}`;
}
