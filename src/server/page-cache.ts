/**
 * The anonymous page cache (see docs/decisions/0601-server-and-page-cache.md). Nothing is kept for a request
 * carrying a session cookie, and only responses a page marks with `x-page-cache` are kept:
 * - `note`: a note page, kept under (path, notes.render_version). Triggers bump render_version on
 *   every write that changes what the page shows, so each request reads the current version (one
 *   primary-key read, shared by every worker process) and a stale copy can never match.
 * - `site`: list pages (home, tags, profiles), kept under (path + query, PRAGMA data_version), which
 *   changes whenever any other connection, in any process, commits anything. This connection
 *   never writes, so any write anywhere retires every list page.
 */
import Database from 'better-sqlite3';
import type { IncomingMessage } from 'node:http';
import type { BufferedResponse } from './buffered-response.ts';
import { LruCache } from './lru.ts';
import { splitAtSlots } from '~/lib/server/note-page/slots.ts';

/** Header a page sets to allow caching; removed before the response leaves the server. */
export const CACHE_OPT_IN_HEADER = 'x-page-cache';
const NOTE_PATH = /^\/notes\/(\d{1,15})(?:-[^/]*)?(?:\/[^/]*)?$/;
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 32 * 1024 * 1024;
/** Belt and braces for anything a future page shows without bumping render_version. */
const MAX_AGE_MS = 5 * 60 * 1000;

interface Entry {
  response: BufferedResponse;
  storedAt: number;
  /** A note page split at its personal slots (made on first use); null when it has no usable slots. */
  shared?: Buffer[] | null;
}

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

export class PageCache {
  private readonly entries = new LruCache<Entry>(MAX_ENTRIES, MAX_BYTES);
  private readonly versionOf: Database.Statement<[number], number>;
  private readonly dataVersion: Database.Statement<[], number>;

  constructor(private readonly db: Database.Database, private readonly sessionCookieName: string) {
    this.versionOf = db.prepare<[number], number>('SELECT render_version FROM notes WHERE id = ?').pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** The cache key for this request and the page when cached; null when the request may not use the cache. */
  lookup(req: IncomingMessage, pathname: string, search: string): PageCacheLookup | null {
    if (req.method !== 'GET') return null;
    if ((req.headers.cookie ?? '').includes(`${this.sessionCookieName}=`)) return null;
    const match = NOTE_PATH.exec(pathname);
    let key: string;
    if (match && search === '') {
      const version = this.versionOf.get(Number(match[1]));
      if (version === undefined) return null;
      key = `note\n${pathname}\n${version}`;
    } else {
      key = `site\n${pathname}${search}\n${this.dataVersion.get()}`;
    }
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.storedAt > MAX_AGE_MS) {
      this.entries.delete(key);
      return { key };
    }
    return { key, hit: entry?.response };
  }

  /**
   * The cached anonymous page of a note at its current render_version, cut at the personal slots,
   * for the signed-in fast path; undefined when there is none (the page is then rendered fresh).
   */
  sharedNotePage(pathname: string): SharedNotePage | undefined {
    const match = NOTE_PATH.exec(pathname);
    if (!match) return undefined;
    const version = this.versionOf.get(Number(match[1]));
    if (version === undefined) return undefined;
    const entry = this.entries.get(`note\n${pathname}\n${version}`);
    if (!entry || Date.now() - entry.storedAt > MAX_AGE_MS) return undefined;
    if (entry.shared === undefined) entry.shared = splitAtSlots(entry.response.body.toString('utf8'))?.map((part) => Buffer.from(part)) ?? null;
    return entry.shared ? { headers: entry.response.headers, parts: entry.shared } : undefined;
  }

  /** Keeps `response` when the page opted in and nothing about it is personal; returns whether it did. */
  store(key: string, response: BufferedResponse): boolean {
    const optedIn = response.headers[CACHE_OPT_IN_HEADER] === key.slice(0, key.indexOf('\n'));
    delete response.headers[CACHE_OPT_IN_HEADER];
    if (!optedIn || response.status !== 200 || response.headers['set-cookie']) return false;
    const cacheControl = String(response.headers['cache-control'] ?? '');
    if (/private|no-store/.test(cacheControl)) return false;
    this.entries.set(key, { response, storedAt: Date.now() }, response.body.length);
    return true;
  }

  /** Counts bytes of a compressed variant added after the entry was stored. */
  grow(key: string, bytes: number): void {
    this.entries.grow(key, bytes);
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.bytes };
  }
}
