/**
 * Pages a CDN or proxy may keep: anonymous pages carry a strong ETag per encoding, answer
 * If-None-Match with 304, and say how long a shared cache may keep them; a request with a session
 * cookie or a response that sets one never gets any of it. Search-index bundles are named by
 * their content and immutable; the manifest revalidates by ETag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';

const SHARED = 'public, max-age=0, s-maxage=30, stale-while-revalidate=300';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
});
afterAll(async () => {
  await server?.stop();
});

/** Raw GET on a new connection (both workers answer), no automatic decompression. */
function rawGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(server.baseUrl + path, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('anonymous pages for shared caches', () => {
  it('a note page has a strong ETag per encoding and answers If-None-Match with 304 until it changes', async () => {
    const writer = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกสำหรับ CDN' });
    const path = `/notes/${noteId}`;
    const first = await rawGet(path, { 'accept-encoding': 'br' });
    expect(first.status).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+-br"$/); // strong (no W/), and the brotli representation's own
    expect(first.headers['cache-control']).toBe(SHARED);
    expect(String(first.headers.vary)).toContain('Accept-Encoding');

    // The same content in another encoding is another representation with its own tag.
    const identity = await rawGet(path);
    expect(identity.headers.etag).toBe(etag.replace(/-br"$/, '"'));

    // Both workers answer 304 to the tag, with the caching headers and no body.
    for (let i = 0; i < 4; i++) {
      const again = await rawGet(path, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe(SHARED);
      expect(String(again.headers.vary)).toContain('Accept-Encoding');
    }

    // A comment changes the page: the old tag no longer matches.
    expect((await writer.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่เปลี่ยนหน้า' })).status).toBe(201);
    const changed = await rawGet(path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('list pages (home) revalidate the same way', async () => {
    const home = await waitFor(async () => {
      const res = await rawGet('/', { 'accept-encoding': 'gzip' });
      return res.headers.etag ? res : undefined;
    }, 'the home page from the cache');
    expect(String(home.headers.etag)).toMatch(/^"[\w-]+-gzip"$/);
    expect(home.headers['cache-control']).toBe(SHARED);
    const again = await rawGet('/', { 'accept-encoding': 'gzip', 'if-none-match': String(home.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('never on a request with a session cookie', async () => {
    const reader = await signedInClient(server.baseUrl);
    const writer = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client);
    const anonymous = await waitFor(async () => {
      const res = await rawGet(`/notes/${noteId}`);
      return res.headers.etag ? res : undefined;
    }, 'the cached anonymous page');
    for (let i = 0; i < 4; i++) {
      const mine = await rawGet(`/notes/${noteId}`, {
        cookie: reader.client.cookieHeader(),
        'if-none-match': String(anonymous.headers.etag),
      });
      expect(mine.status).toBe(200);
      expect(mine.headers.etag).toBeUndefined();
      expect(mine.headers['cache-control']).toBe('private, no-store');
    }
  });

  it('never on a response that sets a cookie', async () => {
    const writer = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client);
    // A stale session cookie: the answer deletes it with Set-Cookie.
    for (const path of [`/notes/${noteId}`, '/']) {
      const res = await rawGet(path, { cookie: 'banthuek_session=expired.token' });
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'] ?? '')).toContain('banthuek_session=');
      expect(res.headers.etag).toBeUndefined();
      expect(String(res.headers['cache-control'] ?? '')).not.toContain('public');
      expect(String(res.headers['cache-control'] ?? '')).not.toContain('s-maxage');
    }
  });
});

describe('every anonymous page kind and feed', () => {
  /** One of each kind of page and feed that is the same for every anonymous reader. */
  let paths: string[];
  beforeAll(async () => {
    const writer = await signedInClient(server.baseUrl);
    const tag = `ซีดีเอ็น${process.pid}`;
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกทุกหน้า', tags: [tag] });
    const community = await writer.client.post('/api/communities', { name: `ชุมชนซีดีเอ็น ${process.pid}` });
    expect(community.status).toBe(201);
    const slug = encodeURIComponent(community.body.slug as string);
    const event = await writer.client.post('/api/events', { title: 'เวทีซีดีเอ็น', startDate: '2026-03-12' });
    expect(event.status).toBe(201);
    const series = await writer.client.post('/api/series', { title: 'ชุดซีดีเอ็น', noteIds: [noteId] });
    expect(series.status).toBe(201);
    const tagPath = `/tags/${encodeURIComponent(tag)}`;
    paths = [
      '/',
      '/aar',
      '/people',
      '/people?sort=name',
      '/communities',
      `/communities/${slug}`,
      '/events',
      `/events/${event.body.id}`,
      `/series/${series.body.id}`,
      tagPath,
      `/u/${writer.username}`,
      `/notes/${noteId}`,
      '/guides',
      '/guides/first-note',
      '/search',
      '/search?kind=aar',
      '/login',
      `/login?next=${encodeURIComponent('/events')}`,
      '/register',
      '/forgot-password',
      '/rss.xml',
      `/communities/${slug}/rss.xml`,
      `/events/${event.body.id}/rss.xml`,
      `/events/${event.body.id}/event.ics`,
      `/series/${series.body.id}/rss.xml`,
      `${tagPath}/rss.xml`,
      `/u/${writer.username}/rss.xml`,
      '/sitemap.xml',
      '/robots.txt',
    ];
  });

  it('each carries a strong ETag, the shared Cache-Control and Vary, and answers If-None-Match with 304', async () => {
    for (const path of paths) {
      const page = await rawGet(path, { 'accept-encoding': 'gzip' });
      expect(page.status, path).toBe(200);
      expect(String(page.headers.etag), path).toMatch(/^"[\w-]+"$/);
      expect(page.headers['cache-control'], path).toBe(SHARED);
      expect(String(page.headers.vary), path).toContain('Accept-Encoding');
      const again = await rawGet(path, { 'accept-encoding': 'gzip', 'if-none-match': String(page.headers.etag) });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
      expect(again.headers.etag, path).toBe(page.headers.etag);
      expect(again.headers['cache-control'], path).toBe(SHARED);
      expect(String(again.headers.vary), path).toContain('Accept-Encoding');
    }
  });

  it('a signed-in request to the same addresses gets none of it', async () => {
    const reader = await signedInClient(server.baseUrl);
    for (const path of paths) {
      const anonymous = await rawGet(path);
      const mine = await rawGet(path, { cookie: reader.client.cookieHeader(), 'if-none-match': String(anonymous.headers.etag) });
      expect([200, 303], path).toContain(mine.status); // the sign-in and register forms send a member on
      expect(mine.headers.etag, path).toBeUndefined();
      expect(mine.headers['cache-control'], path).toBe('private, no-store');
    }
  });

  it('not on a search with a query (it embeds the moving index manifest) nor on error pages', async () => {
    const search = `/search?q=${encodeURIComponent('บันทึก')}`;
    for (const path of [search, '/guides/no-such-guide', '/events/999999999', '/u/no-such-person/rss.xml', '/no-such-page']) {
      const res = await rawGet(path);
      expect(res.headers.etag, path).toBeUndefined();
      expect(String(res.headers['cache-control'] ?? ''), path).not.toContain('s-maxage');
      if (path !== search) expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('search index files for shared caches', () => {
  it('bundles are named by content and immutable; the manifest revalidates by ETag', async () => {
    const writer = await signedInClient(server.baseUrl);
    await createNoteViaApi(writer.client, { title: 'บันทึกให้ดัชนีค้นหา' });
    const anon = new TestClient(server.baseUrl);
    const manifest = await waitFor(async () => {
      const res = await anon.get('/search-index/manifest.json');
      return res.body.shards?.length || res.body.recent ? res : undefined;
    }, 'a built search index');
    const bundle = (manifest.body.shards[0]?.dir ?? manifest.body.recent) as string;
    expect(bundle).toMatch(/^bundles\/(s\d+|recent)-[\w-]{20}$/);
    const file = await rawGet(`/search-index/${bundle}/pagefind-entry.json`);
    expect(file.status).toBe(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const raw = await rawGet('/search-index/manifest.json');
    expect(raw.headers['cache-control']).toBe('no-cache');
    const revalidated = await rawGet('/search-index/manifest.json', { 'if-none-match': String(raw.headers.etag) });
    expect(revalidated.status).toBe(304);
  });
});
