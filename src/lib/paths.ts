/** Canonical paths of things, so links are built one way everywhere. */
export const notePath = (id: number) => `/notes/${id}`;

/** A community's knowledge asset (issue 26). */
export const assetPath = (slug: string, id: number) => `/communities/${encodeURIComponent(slug)}/assets/${id}`;

/**
 * Pages and actions that live under a note's address but are not the note page itself
 * (src/pages/notes/[id]/*; a test keeps this list equal to those files).
 */
export const NOTE_SUBROUTES: ReadonlySet<string> = new Set([
  'accepted-answer',
  'appreciation',
  'bookmark',
  'communities',
  'delete',
  'edit',
  'hide',
  'history',
  'report',
  'restore',
  'sources',
  'undelete',
  'watch',
]);

const NOTE_PAGE = /^\/notes\/(\d{1,15})(?:-[^/]*)?(?:\/([^/]*))?$/;

/**
 * The note id when `pathname` is a note page (`/notes/12`, `/notes/12-ชื่อ`, `/notes/12/ชื่อ`), else
 * undefined: its history, edit page and actions are other pages. The one matcher the server's page
 * cache and signed-in fast path use.
 */
export function notePageId(pathname: string): number | undefined {
  const match = NOTE_PAGE.exec(pathname);
  if (!match || (match[2] !== undefined && NOTE_SUBROUTES.has(match[2]))) return undefined;
  return Number(match[1]);
}
export const userPath = (username: string) => `/u/${username}`;
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/**
 * A redirect target after login that can only stay on this site: a path starting with one "/"
 * (not "//" or "/\\", which browsers treat as another host), with no control characters.
 */
export function safeRedirectPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001F\u007F\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://banthuek.invalid');
    if (url.host !== 'banthuek.invalid') return fallback;
    const path = url.pathname + url.search + url.hash;
    // Dot segments collapse on parsing: "/.//evil.example" becomes "//evil.example", another host.
    return path.startsWith('//') ? fallback : path;
  } catch {
    return fallback;
  }
}
