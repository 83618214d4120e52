/**
 * Every in-process cache of a worker, in one place: named lru-cache instances, each bounded by
 * entries (and bytes where values are large) and each with one key and one invalidation rule.
 * Nothing here is shared between workers; correctness never depends on in-process events, only on
 * versions that database triggers keep (docs/decisions/1002-caches.md):
 * - notes.render_version: every write that changes what a note's page shows (migration 0004);
 * - site_version: every write that changes what a list page lists (migrations 0010, 0027) — not
 *   reactions (comments, appreciations, views: counts and asides kept at most LIST_PAGE_MAX_AGE_MS),
 *   sessions, rate-limit buckets or notifications.
 * NOTE: if you add a cache, add it here with its key and the version that retires its entries.
 */
import { LRUCache } from 'lru-cache';
import { preparedQuery } from '~db/client.ts';
import type { BufferedResponse } from '../../server/buffered-response.ts';
import type { NoteSummary } from './note.ts';
import type { CommunitySummary } from './community.ts';
import type { AppreciatedNote } from './appreciation.ts';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const MB = 1024 * 1024;

/** A kept response and the compressed variants made so far (they count towards its size). */
const responseBytes = (response: BufferedResponse) =>
  response.body.length + (response.variants.br?.length ?? 0) + (response.variants.gzip?.length ?? 0);

/** An anonymous page and, for a note page, its parts around the personal slots (made on first use). */
export interface CachedPage {
  response: BufferedResponse;
  /** A note page cut at its personal slots, UTF-8; null when it has no usable slots. */
  shared?: Buffer[] | null;
}

/**
 * How old a cached list page may be. A list page shows comment counts, view counts, appreciation
 * counts and the "recent comments" / "most appreciated" asides, and reactions do not bump
 * site_version (decision 1002 "Reactions"), so this age bounds how stale those are to anonymous
 * readers. A new note, an edit, a delete or a hide still retires list pages at once.
 */
export const LIST_PAGE_MAX_AGE_MS = MINUTE_MS;

/**
 * Anonymous pages (src/server/page-cache.ts).
 * Key: `note\n<path>\n<render_version>.<listing version>` for a note page,
 * `site\n<path+query>\n<site_version>` for list pages. Retired by: the version in the key (a write
 * changes it, so the old key is never asked for again and ages out); list pages also by their age,
 * LIST_PAGE_MAX_AGE_MS (reactions leave site_version alone); note pages by five minutes at most, as
 * a safety net for anything a future page shows without bumping a version.
 */
export const anonymousPages = new LRUCache<string, CachedPage>({
  max: 2_000,
  maxSize: 32 * MB,
  sizeCalculation: (page) => Math.max(1, responseBytes(page.response)),
  ttl: 5 * MINUTE_MS,
  ttlAutopurge: false,
});

/**
 * Built client files (src/server/static-files.ts). Key: the file's path under dist/client.
 * Retired by: nothing (a new build means a restart); bounded by bytes.
 */
export const staticFiles = new LRUCache<string, BufferedResponse>({
  max: 10_000,
  maxSize: 32 * MB,
  sizeCalculation: (response) => Math.max(1, responseBytes(response)),
});

/**
 * A note's comment rows with their authors (comment.ts), ~60 KB for 50 comments.
 * Key: `<noteId>:<render_version>`. Retired by: render_version (every comment write and every
 * rename of a commenter bumps it).
 */
export const commentRows = new LRUCache<string, readonly unknown[]>({ max: 200 });

/**
 * Related notes under a note (reading.ts). Key: `<noteId>:<limit>:<site_version>`. Retired by:
 * site_version, so a note hidden, deleted or restored anywhere leaves every list at once; at most
 * a minute old otherwise.
 */
export const relatedNotes = new LRUCache<string, NoteSummary[]>({ max: 1_000, ttl: MINUTE_MS });

/**
 * Totals of long lists (note.ts: counting 100k notes costs ~15 ms). Key: the list's name and
 * filter (e.g. `tag:<name>`, `feed:<userId>`). Retired by: a one-minute age (only the page count
 * can lag); bounded so per-member keys leave.
 */
export const listTotals = new LRUCache<string, number>({ max: 1_000, ttl: MINUTE_MS });

/**
 * Totals of long member-directory searches (people.ts: counting ~100k listed members costs several
 * ms). Key: the count's SQL (from clause) and its parameters, `<from>\n<params JSON>`. Retired by: a
 * one-minute age (only "พบ N คน" and the page count can lag); bounded so rare filters leave. Only
 * totals above the exact-count limit are kept.
 */
export const directoryTotals = new LRUCache<string, number>({ max: 500, ttl: MINUTE_MS });

/**
 * Appreciation counts of a note's comments (appreciation.ts). Key: `<noteId>:<render_version>`.
 * Retired by: render_version (every comment appreciation and every suspension of a giver bumps it),
 * so a kept map is never older than the version read first.
 */
export const commentAppreciationCounts = new LRUCache<string, Map<number, number>>({ max: 200 });

/** A comment's own HTML (note-page/comments.ts), and its UTF-8 bytes for the signed-in fast path. */
export interface CommentFragment {
  html: string;
  bytes: Buffer;
  /** The long inputs of `html`, compared on every use instead of being part of the key (the body, and the Markdown of the edit box or ''). */
  bodyHtml: string;
  markdown: string;
}

/**
 * Rendered comments (note-page/comments.ts): everything of one comment but its replies, as one
 * viewer sees it. Key: every short input of that HTML (the comment's columns, its author's name and
 * avatar, its appreciation count, and what this viewer may do with it); the long ones (body HTML, the
 * edit box's Markdown) are kept in the entry and compared on use. So a changed comment or viewer never
 * matches and nothing needs retiring; old keys fall out by size.
 */
export const commentFragments = new LRUCache<string, CommentFragment>({
  maxSize: 24 * MB,
  sizeCalculation: (fragment, key) =>
    2 * (key.length + fragment.html.length + fragment.bodyHtml.length + fragment.markdown.length) + fragment.bytes.length,
});

/**
 * Gzip copies of search-index bundle files (search-index/serve.ts). Key: the file's path.
 * Retired by: nothing (bundle files are written once, never changed); bounded by bytes.
 */
export const searchIndexGzip = new LRUCache<string, Buffer>({
  max: 256,
  maxSize: 16 * MB,
  sizeCalculation: (body) => Math.max(1, body.length),
});

/**
 * View beacons taken per client address in the current one-minute window (view-counts.ts).
 * Key: the address. Retired by: the window's end (checked on use against `since`; the TTL frees
 * the memory), and the least recently seen address once 50,000 are tracked, so a flood from many
 * addresses cannot grow memory. Per worker, so the limit is per worker.
 */
export const viewsPerAddress = new LRUCache<string, { count: number; since: number }>({ max: 50_000, ttl: MINUTE_MS });

/**
 * The community index (community.ts listCommunities): counting every community's notes costs ~75 ms
 * at 100k notes. Key: the list's length. Retired by: a one-minute age (other workers show a change
 * within it), and cleared in this process by every change to communities or members
 * (forgetCommunityIndex), so a manager sees their own change at once.
 */
export const communityIndex = new LRUCache<number, CommunitySummary[]>({ max: 4, ttl: MINUTE_MS });

/**
 * The home page's "most appreciated this week" (appreciation.ts): counting a busy week is a scan.
 * Key: the list's length. Retired by: a one-minute age (appreciations leave site_version alone, as
 * other reactions do; any write that changes what a list lists retires the cached home page).
 */
export const mostAppreciatedThisWeek = new LRUCache<number, AppreciatedNote[]>({ max: 4, ttl: MINUTE_MS });

/**
 * Expertise suggested on the settings and directory pages (people.ts): the most used tags, a
 * scan of every note's tags. Key: always 'all'. Retired by: a ten-minute age (a suggestion, never
 * a fact anyone relies on).
 */
export const expertiseSuggestions = new LRUCache<'all', string[]>({ max: 1, ttl: 10 * MINUTE_MS });

/**
 * The bundle directories the current search manifest names (search-index/serve.ts), read again
 * when manifest.json changes. Key: `<index root>\n<mtime:size:inode of manifest.json>` (one stat per
 * request). Retired by: the stamp in the key (an update writes a new manifest), bounded by entries.
 */
export const searchManifestBundles = new LRUCache<string, Set<string>>({ max: 4 });

const siteVersionQuery = preparedQuery((db) => db.$client.prepare<[], number>('SELECT version FROM site_version WHERE id = 1').pluck());

/** The current site_version (a primary-key read, ~2 µs): part of every list-level cache key. */
export function currentSiteVersion(): number {
  return siteVersionQuery().get() ?? 0;
}
