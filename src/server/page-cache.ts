/**
 * The anonymous page cache (docs/decisions/0601-server-and-page-cache.md, 1002-caches.md). Nothing
 * is kept for a request carrying a session cookie, and only responses a page marks with
 * `x-page-cache` are kept, in caches.ts `anonymousPages`:
 * - `note`: a note page, kept under (path, notes.render_version, listing version). Triggers bump
 *   render_version on every write that changes what the page shows, and the listing version when
 *   any note it may list as related leaves the public set or is renamed, so each request reads the
 *   current versions (one statement, shared by every worker process) and a stale copy never matches.
 * - `site`: list pages (home, tags, profiles, communities, events, series), guides, the empty search
 *   and sign-in forms, and every feed and sitemap (decision 1702), kept under (path + query, site_version),
 *   which triggers bump on every write that changes what a list lists — but not on reactions
 *   (comments, appreciations, views), sign-ins, rate-limit buckets or notifications, so reading and
 *   commenting do not empty the cache. Their counts are at most LIST_PAGE_MAX_AGE_MS old.
 * Reads go through this process's one database connection (db/client.ts).
 */
import type { IncomingMessage } from 'node:http';
import { preparedQuery } from '~db/client.ts';
import { LIST_PAGE_MAX_AGE_MS, anonymousPages, currentSiteVersion } from '~/lib/server/caches.ts';
import { splitAtSlots } from '~/lib/server/note-page/slots.ts';
import { notePageId } from '~/lib/paths.ts';
import type { BufferedResponse } from './buffered-response.ts';
import type { Effort } from './compression.ts';

/** Header a page sets to allow caching; removed before the response leaves the server. */
export const CACHE_OPT_IN_HEADER = 'x-page-cache';

/**
 * A note page's version: its render_version and the listing version (site_version row 2, migration
 * 0015), which moves when any note leaves the public set or is renamed, because the page lists
 * other notes (related notes). One statement, two primary-key reads.
 */
const renderVersionOf = preparedQuery((db) =>
  db.$client
    .prepare<[number], string>(
      "SELECT render_version || '.' || coalesce((SELECT version FROM site_version WHERE id = 2), 0) FROM notes WHERE id = ?",
    )
    .pluck(),
);

/** A cached anonymous note page cut at its personal slots: parts[0], slot 1, parts[1], slot 2, … */
export interface SharedNotePage {
  headers: BufferedResponse['headers'];
  /** UTF-8 already: encoding the whole page per request cost ~0.17 ms. */
  parts: Buffer[];
}

export interface PageCacheLookup {
  key: string;
  hit?: BufferedResponse;
}

/** The cache key of a note page at its current version (above); undefined when there is no such note. */
function noteKey(pathname: string, noteId: number): string | undefined {
  const version = renderVersionOf().get(noteId);
  return version === undefined ? undefined : `note\n${pathname}\n${version}`;
}

/** The cache key of a note page's anonymous copy at its current version; undefined when `pathname` names no note. */
export function anonymousNoteKey(pathname: string): string | undefined {
  const noteId = notePageId(pathname);
  return noteId === undefined ? undefined : noteKey(pathname, noteId);
}

/**
 * The cache key for this request and the page when cached; null when the request may not use the
 * cache (not a GET, a session cookie, a note that does not exist). `sessionToken` is the request's
 * session cookie as the server parsed it once (`xbanthuek_session=1` is no session and keeps the cache).
 */
export function lookupPage(
  req: IncomingMessage,
  pathname: string,
  search: string,
  sessionToken: string | undefined,
): PageCacheLookup | null {
  if (req.method !== 'GET') return null;
  if (sessionToken !== undefined) return null;
  const noteId = search === '' ? notePageId(pathname) : undefined;
  const key = noteId !== undefined ? noteKey(pathname, noteId) : `site\n${pathname}${search}\n${currentSiteVersion()}`;
  if (key === undefined) return null;
  return { key, hit: anonymousPages.get(key)?.response };
}

/**
 * The cached anonymous page of a note at its current render_version, cut at the personal slots,
 * for the signed-in fast path; undefined when there is none (the page is then rendered fresh).
 */
export function sharedNotePage(pathname: string): SharedNotePage | undefined {
  const key = anonymousNoteKey(pathname);
  const entry = key === undefined ? undefined : anonymousPages.get(key);
  if (!entry) return undefined;
  if (entry.shared === undefined)
    entry.shared = splitAtSlots(entry.response.body.toString('utf8'))?.map((part) => Buffer.from(part)) ?? null;
  return entry.shared ? { headers: entry.response.headers, parts: entry.shared } : undefined;
}

/** Keeps `response` when the page opted in and nothing about it is personal; returns whether it did. */
export function storePage(key: string, response: BufferedResponse): boolean {
  const optedIn = response.headers[CACHE_OPT_IN_HEADER] === key.slice(0, key.indexOf('\n'));
  delete response.headers[CACHE_OPT_IN_HEADER];
  if (!optedIn || response.status !== 200 || response.headers['set-cookie']) return false;
  const cacheControl = String(response.headers['cache-control'] ?? '');
  if (/private|no-store/.test(cacheControl)) return false;
  // A list page's reaction counts move without a version (see above), so its age is bounded instead.
  anonymousPages.set(key, { response }, key.startsWith('site\n') ? { ttl: LIST_PAGE_MAX_AGE_MS } : undefined);
  return true;
}

/**
 * How hard to compress a cached page: list pages are replaced by every new note and once a minute
 * (LIST_PAGE_MAX_AGE_MS) in every worker, so they take the cheaper `often` setting; note pages,
 * replaced only by changes to them, the best.
 */
export function effortFor(key: string): Effort {
  return key.startsWith('site\n') ? 'often' : 'once';
}

/** Recounts an entry's size after a compressed variant was added to it (keeps its age). */
export function recountPage(key: string): void {
  const entry = anonymousPages.peek(key);
  // NOTE: lru-cache recounts a size only when the value changes, hence the new wrapper object.
  if (entry) anonymousPages.set(key, { ...entry }, { noUpdateTTL: true });
}

/**
 * Renders of cacheable pages under way in this process, by cache key. When a write retires a page
 * (a new note bumps site_version, so home goes), every open connection asks for it at once; without
 * this each of them rendered the page again. Later requests wait for the first render instead and
 * are answered with what it stored.
 */
const rendersUnderWay = new Map<string, Promise<void>>();

/**
 * Longest wait for another request's render of the same page; past it the waiter renders the page
 * itself, so a render that never settles holds up only its own request, not every later one.
 */
export const RENDER_WAIT_MS = 5_000;

/** Waits (at most `waitMs`) for a render of `key` already under way here; the page it stored, if any. */
export async function afterRenderUnderWay(key: string, waitMs = RENDER_WAIT_MS): Promise<BufferedResponse | undefined> {
  const underWay = rendersUnderWay.get(key);
  if (!underWay) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([underWay, gaveUp]);
  clearTimeout(timer);
  return anonymousPages.get(key)?.response;
}

/** Marks a render of `key` as under way; call the returned function once it is stored (or not). */
export function startRender(key: string): () => void {
  let finish!: () => void;
  const underWay = new Promise<void>((resolve) => (finish = resolve));
  rendersUnderWay.set(key, underWay);
  return () => {
    if (rendersUnderWay.get(key) === underWay) rendersUnderWay.delete(key);
    finish();
  };
}
