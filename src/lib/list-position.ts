/**
 * Where a reader is in a long list of notes (home, tag, profile, community, feed), and the links
 * between its pages (docs/decisions/1704-keyset-pagination.md):
 * - `?before=<note id>`: the notes listed after that note (older); `?after=<note id>`: the notes
 *   listed before it (newer). Links always use these cursors, so a page costs the same at any
 *   depth and notes written meanwhile never repeat or skip one.
 * - `?page=N`: the addresses of before (kept working): the first MAX_NUMBERED_PAGE pages are read by
 *   offset as they always were; deeper ones redirect to their cursor address.
 */

/** A position in a list: a page number, or next to a note (cursor). */
export type ListPosition = { page: number } | { before: number } | { after: number };

/** Where a link between pages goes: the list's first page or a cursor. */
export type ListTarget = 'first' | { before: number } | { after: number };

/** Numbered pages up to this one are read by offset (≤ 2,000 index entries skipped: ~1 ms). */
export const MAX_NUMBERED_PAGE = 100;

const NOTE_ID = /^[1-9]\d{0,14}$/;

/** Reads `before`, `after` or `page` from a list page's query (anything else: the first page). */
export function readListPosition(params: URLSearchParams): ListPosition {
  for (const name of ['before', 'after'] as const) {
    const raw = params.get(name);
    if (raw !== null && NOTE_ID.test(raw)) return name === 'before' ? { before: Number(raw) } : { after: Number(raw) };
  }
  const page = Number(params.get('page') ?? '1');
  return { page: Number.isSafeInteger(page) && page > 0 ? page : 1 };
}

/** The address of `target` in the list at `basePath` (which may carry its own query, e.g. `/aar?year=2025`). */
export function listHref(basePath: string, target: ListTarget): string {
  if (target === 'first') return basePath;
  const [name, id] = 'before' in target ? ['before', target.before] : ['after', target.after];
  return `${basePath}${basePath.includes('?') ? '&' : '?'}${name}=${id}`;
}

/**
 * Where and how a list page redirects (Page.redirect): a deep numbered page permanently to its cursor
 * address (crawlers then drop the offset address), an unknown cursor for now to the first page.
 */
export function listRedirect(basePath: string, target: ListTarget): [string, 301 | 302] {
  return [listHref(basePath, target), target === 'first' ? 302 : 301];
}
