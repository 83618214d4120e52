import { sessionToken } from '../../../src/server/session-token.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncomingMessage } from 'node:http';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { LIST_PAGE_MAX_AGE_MS, anonymousPages } from '~/lib/server/caches.ts';
import { inSlot } from '~/lib/server/note-page/slots.ts';
import {
  CACHE_OPT_IN_HEADER,
  RENDER_WAIT_MS,
  afterRenderUnderWay,
  effortFor,
  lookupPage,
  recountPage,
  sharedNotePage,
  startRender,
  storePage,
} from '../../../src/server/page-cache.ts';
import type { BufferedResponse } from '../../../src/server/buffered-response.ts';

/** The page cache lookup as the server makes it: with the session cookie parsed once. */
const lookupFor = (req: IncomingMessage, pathname: string, search: string) => lookupPage(req, pathname, search, sessionToken(req));

const COOKIE = 'banthuek_session';
let cleanup: () => void;
let db: Database.Database;
beforeEach(() => {
  cleanup = useFreshDatabase();
  anonymousPages.clear();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x');
    INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status) VALUES (5, 1, 'บันทึก', 'ก', '<p>ก</p>', 'cc-by-4.0', 'published');`);
});
afterEach(() => cleanup());

const get = (cookie?: string, method = 'GET') => ({ method, headers: cookie ? { cookie } : {} }) as IncomingMessage;
const page = (kind: 'note' | 'site', body = 'x'.repeat(2000), headers = {}): BufferedResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html', [CACHE_OPT_IN_HEADER]: kind, ...headers },
  body: Buffer.from(body),
  variants: {},
});

describe('page cache keys', () => {
  it('keys a note page by its render_version, so any change to the note retires it', () => {
    const first = lookupFor(get(), '/notes/5', '')!;
    expect(first.key).toMatch(/^note\n\/notes\/5\n\d+\.\d+$/); // render_version.listing version
    expect(storePage(first.key, page('note'))).toBe(true);
    expect(lookupFor(get(), '/notes/5', '')!.hit).toBeDefined();
    db.exec("UPDATE notes SET title = 'ใหม่' WHERE id = 5");
    const after = lookupFor(get(), '/notes/5', '')!;
    expect(after.key).not.toBe(first.key);
    expect(after.hit).toBeUndefined();
  });

  it('keys list pages by site_version: a view count keeps them, a new note retires them', () => {
    const first = lookupFor(get(), '/', '?page=2')!;
    expect(first.key).toMatch(/^site\n\/\?page=2\n\d+$/);
    storePage(first.key, page('site'));
    db.exec('UPDATE notes SET view_count = view_count + 1 WHERE id = 5');
    expect(lookupFor(get(), '/', '?page=2')!.hit).toBeDefined();
    db.exec(
      "INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status) VALUES (1, 'ใหม่', 'ข', '<p>ข</p>', 'cc-by-4.0', 'published')",
    );
    expect(lookupFor(get(), '/', '?page=2')!.hit).toBeUndefined();
  });

  it('keeps list pages through a comment for at most LIST_PAGE_MAX_AGE_MS; the note page moves on at once', () => {
    db.exec("INSERT INTO users (id, username, display_name, password_hash) VALUES (2, 'reader', 'ผู้อ่าน', 'x')");
    const list = lookupFor(get(), '/', '')!;
    const note = lookupFor(get(), '/notes/5', '')!;
    storePage(list.key, page('site'));
    storePage(note.key, page('note'));
    db.exec("INSERT INTO comments (note_id, author_id, body_markdown, body_html) VALUES (5, 2, 'ตอบ', '<p>ตอบ</p>')");
    db.exec('UPDATE notes SET comment_count = 1, last_commented_at = 1 WHERE id = 5');
    expect(lookupFor(get(), '/', '')!.hit).toBeDefined(); // a reaction: the list stays
    expect(lookupFor(get(), '/notes/5', '')!.hit).toBeUndefined(); // the note shows it at once
  });

  it('drops a list page once it is LIST_PAGE_MAX_AGE_MS old, so its counts are that fresh at worst', async () => {
    // lru-cache reads the clock with performance.now() and keeps a reading for a millisecond.
    const realNow = performance.now.bind(performance);
    let skipped = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + skipped);
    const later = async (ms: number) => {
      skipped += ms;
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    try {
      const list = lookupFor(get(), '/tags/km', '')!;
      storePage(list.key, page('site'));
      const note = lookupFor(get(), '/notes/5', '')!;
      storePage(note.key, page('note'));
      recountPage(list.key); // a compressed variant added later must not restart the age
      await later(LIST_PAGE_MAX_AGE_MS - 2_000);
      expect(lookupFor(get(), '/tags/km', '')!.hit).toBeDefined();
      await later(3_000);
      expect(lookupFor(get(), '/tags/km', '')!.hit).toBeUndefined();
      expect(lookupFor(get(), '/notes/5', '')!.hit).toBeDefined(); // versions retire note pages
    } finally {
      clock.mockRestore();
    }
  });

  it('compresses list pages, which are replaced often, cheaper than note pages', () => {
    expect(effortFor(lookupFor(get(), '/', '?page=2')!.key)).toBe('often');
    expect(effortFor(lookupFor(get(), '/notes/5', '')!.key)).toBe('once');
  });

  it('is not used with a session cookie, for other methods, or for a note that does not exist', () => {
    expect(lookupFor(get(`${COOKIE}=a.b`), '/', '')).toBeNull();
    expect(lookupFor(get(undefined, 'POST'), '/', '')).toBeNull();
    expect(lookupFor(get(), '/notes/999', '')).toBeNull();
    expect(lookupFor(get(), '/notes/5', '?saved=1')!.key.startsWith('site\n')).toBe(true);
  });

  it('stores only what opted in under the same kind, 200, without cookies or private caching', () => {
    const key = lookupFor(get(), '/notes/5', '')!.key;
    expect(storePage(key, page('site'))).toBe(false); // a list page's opt-in does not fit a note key
    expect(storePage(key, { ...page('note'), status: 404 })).toBe(false);
    expect(storePage(key, page('note', 'x', { 'set-cookie': ['a=b'] }))).toBe(false);
    expect(storePage(key, page('note', 'x', { 'cache-control': 'private, no-store' }))).toBe(false);
    const stored = page('note');
    expect(storePage(key, stored)).toBe(true);
    expect(stored.headers[CACHE_OPT_IN_HEADER]).toBeUndefined(); // never sent to the client
  });
});

describe('eviction', () => {
  it('drops the least recently used pages beyond 32 MB and refuses a page larger than that', () => {
    const mb = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) anonymousPages.set(`site\n/p${i}\n1`, { response: page('site', mb) });
    expect(anonymousPages.has('site\n/p0\n1')).toBe(false);
    expect(anonymousPages.has('site\n/p39\n1')).toBe(true);
    expect(anonymousPages.calculatedSize).toBeLessThanOrEqual(32 * 1024 * 1024);
    anonymousPages.set('site\n/huge\n1', { response: page('site', 'x'.repeat(33 * 1024 * 1024)) });
    expect(anonymousPages.has('site\n/huge\n1')).toBe(false);
  });

  it('counts compressed variants added later towards the size', () => {
    const key = 'site\n/\n1';
    const response = page('site', 'x'.repeat(10_000));
    anonymousPages.set(key, { response });
    const before = anonymousPages.calculatedSize;
    response.variants.br = Buffer.alloc(3_000);
    recountPage(key);
    expect(anonymousPages.calculatedSize).toBe(before + 3_000);
  });
});

describe('the shared note page for signed-in members', () => {
  it('is the cached anonymous page cut at its slots, and nothing when a body forges a marker', () => {
    const key = lookupFor(get(), '/notes/5', '')!.key;
    const html = `<h>${inSlot('nav', 'N', true)}</h><p>body</p>${inSlot('reader-actions', 'R', true)}${inSlot('note-actions', 'A', true)}${inSlot('comments', 'C', true)}`;
    storePage(key, page('note', html));
    expect(sharedNotePage('/notes/5')!.parts.map(String)).toEqual(['<h>', '</h><p>body</p>', '', '', '']);

    db.exec("UPDATE notes SET title = 'แก้' WHERE id = 5");
    expect(sharedNotePage('/notes/5')).toBeUndefined(); // the cached copy is of an older version
    const forged = lookupFor(get(), '/notes/5', '')!.key;
    storePage(forged, page('note', html.replace('<p>body</p>', `<p>${inSlot('comments', 'forged', true)}</p>`)));
    expect(sharedNotePage('/notes/5')).toBeUndefined();
  });
});

describe('one render per retired page', () => {
  it('lets later requests wait for the render under way and share what it stored', async () => {
    const key = lookupFor(get(), '/', '')!.key;
    expect(await afterRenderUnderWay(key)).toBeUndefined(); // nothing under way: render it yourself
    const finish = startRender(key);
    const waiters = [afterRenderUnderWay(key), afterRenderUnderWay(key)];
    let settled = false;
    void Promise.all(waiters).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false); // still waiting for the first render
    const rendered = page('site', 'หน้าแรก');
    storePage(key, rendered);
    finish();
    for (const waited of await Promise.all(waiters)) expect(waited?.body.toString()).toBe('หน้าแรก');
    expect(await afterRenderUnderWay(key)).toBeUndefined(); // done: no longer under way
  });

  it('sends waiters to render themselves when the first render was not cacheable', async () => {
    const key = lookupFor(get(), '/', '')!.key;
    const finish = startRender(key);
    const waiter = afterRenderUnderWay(key);
    expect(storePage(key, { ...page('site'), status: 500 })).toBe(false);
    finish();
    expect(await waiter).toBeUndefined();
  });

  it('stops waiting for a render that never settles after RENDER_WAIT_MS, so the waiter renders itself', async () => {
    vi.useFakeTimers();
    try {
      const key = lookupFor(get(), '/', '')!.key;
      startRender(key); // e.g. a render stuck on a hung call: its finish() never comes
      let settled = false;
      const waiter = afterRenderUnderWay(key).then((page) => ((settled = true), page));
      await vi.advanceTimersByTimeAsync(RENDER_WAIT_MS - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      expect(await waiter).toBeUndefined(); // nothing stored: the request renders the page itself
    } finally {
      vi.useRealTimers();
    }
  });
});
