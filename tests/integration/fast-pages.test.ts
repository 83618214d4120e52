/**
 * The served-page contract: anonymous note pages come from the cache yet are never stale after a
 * write, even with two worker processes; signed-in pages are fresh and private; responses are
 * compressed; built assets are immutable; /healthz answers; request logs carry no secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { readdirSync, statSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';
import { withDatabase } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
});
afterAll(async () => {
  await server?.stop();
});

/** Raw GET (no automatic decompression) so headers and encodings can be checked. */
async function rawGet(path: string, headers: Record<string, string> = {}) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    // A new connection per request, so the cluster spreads them over the workers.
    const req = request(server.baseUrl + path, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every worker answers at least once: several anonymous reads of the page. */
async function readsByEveryone(path: string, times = 6): Promise<string[]> {
  const pages: string[] = [];
  for (let i = 0; i < times; i++) pages.push((await rawGet(path)).body.toString());
  return pages;
}

describe('anonymous note pages are cached and never stale', () => {
  it('serves the second read from the cache', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'บันทึกที่อ่านบ่อย' });
    const first = await rawGet(`/notes/${id}`);
    const headers = await Promise.all([1, 2, 3, 4].map(() => rawGet(`/notes/${id}`)));
    expect(first.headers['x-cache']).toBe('miss');
    expect(headers.map((h) => h.headers['x-cache'])).toContain('hit');
    expect(headers.every((h) => h.body.equals(first.body))).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const pids = new Set(
      server
        .output()
        .split('\n')
        .filter((l) => l.includes(`"path":"/notes/${id}"`))
        .map((l) => JSON.parse(l).pid),
    );
    expect(pids.size).toBe(2); // both workers served it
  });

  it('shows every kind of change on the very next read, from any worker', async () => {
    const author = await signedInClient(server.baseUrl, { displayName: 'ผู้เขียนชื่อเดิม' });
    const commenter = await signedInClient(server.baseUrl, { displayName: 'ผู้ร่วมวงชื่อเดิม' });
    const id = await createNoteViaApi(author.client, { title: 'หัวเรื่องเดิม', tags: ['ป้ายเดิม'] });
    const path = `/notes/${id}`;
    await readsByEveryone(path);

    const comment = await commenter.client.post(`${'/api/notes/'}${id}/comments`, { body: 'ความเห็นใหม่ล่าสุด' });
    expect(comment.status).toBe(201);
    for (const page of await readsByEveryone(path)) expect(page).toContain('ความเห็นใหม่ล่าสุด');

    expect((await author.client.get(path)).text).toContain('ความเห็นใหม่ล่าสุด'); // signed in: rendered fresh
    expect((await commenter.client.patch(`/api/comments/${comment.body.id}`, { body: 'ความเห็นที่แก้แล้ว' })).status).toBe(200);
    for (const page of await readsByEveryone(path)) expect(page).toContain('ความเห็นที่แก้แล้ว');
    expect((await author.client.get(path)).text).toContain('ความเห็นที่แก้แล้ว');

    expect((await author.client.patch(`/api/notes/${id}`, { title: 'หัวเรื่องใหม่', tags: ['ป้ายใหม่'] })).status).toBe(200);
    for (const page of await readsByEveryone(path)) {
      expect(page).toContain('หัวเรื่องใหม่');
      expect(page).toContain('#ป้ายใหม่');
      expect(page).not.toContain('#ป้ายเดิม');
    }

    const renamed = await commenter.client.postForm('/settings', { action: 'profile', displayName: 'ผู้ร่วมวงชื่อใหม่' });
    expect(renamed.status).toBe(303);
    for (const page of await readsByEveryone(path)) {
      expect(page).toContain('ผู้ร่วมวงชื่อใหม่');
      expect(page).not.toContain('ผู้ร่วมวงชื่อเดิม');
    }
    expect((await author.client.get(path)).text).toContain('ผู้ร่วมวงชื่อใหม่');

    expect((await author.client.postForm(`/comments/${comment.body.id}/hide`, {})).status).toBe(303);
    for (const page of await readsByEveryone(path)) expect(page).not.toContain('ความเห็นที่แก้แล้ว');

    expect((await author.client.delete(`/api/notes/${id}`)).status).toBe(200);
    const anon = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < 4; i++) expect((await anon.get(path)).status).toBe(410);
  });

  it('serves list pages from the cache until anything is written', async () => {
    const { client, username } = await signedInClient(server.baseUrl);
    await createNoteViaApi(client, { title: 'บันทึกก่อนหน้า', tags: ['รายการ'] });
    for (const path of ['/', '/tags/รายการ', `/u/${username}`]) await readsByEveryone(encodeURI(path), 4);
    expect((await rawGet('/')).headers['x-cache']).toBe('hit');
    await createNoteViaApi(client, { title: 'บันทึกใหม่เอี่ยม', tags: ['รายการ'] });
    for (const path of ['/', '/tags/รายการ', `/u/${username}`]) {
      for (const page of await readsByEveryone(encodeURI(path), 4)) expect(page).toContain('บันทึกใหม่เอี่ยม');
    }
  });

  it('keeps list pages through view counts, comments, sign-ins and notifications, not through an edit or a hidden note', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'บันทึกที่จะถูกซ่อน' });
    const commenter = (await signedInClient(server.baseUrl)).client;
    expect((await commenter.post(`/api/notes/${id}/comments`, { body: 'แจ้งเตือนผู้เขียน' })).status).toBe(201);
    // A new member is a new entry of the people directory (a list page), so they register first.
    const member = await signedInClient(server.baseUrl);
    await readsByEveryone('/', 4);
    // Writes that change no list: a view count, a sign-in (a session and rate-limit buckets),
    // notifications read.
    const reader = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': '203.0.113.77' });
    expect((await reader.post(`/api/notes/${id}/view`)).status).toBe(204);
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).status,
    ).toBe(200);
    expect((await client.post('/api/notifications/read', {})).body.changed).toBeGreaterThan(0);
    // A comment is a reaction: list pages keep their count for at most LIST_PAGE_MAX_AGE_MS, while
    // the note's own page shows the comment at once, to everyone (decision 1002 "Reactions").
    await readsByEveryone(`/notes/${id}`, 4);
    expect((await commenter.post(`/api/notes/${id}/comments`, { body: 'ความเห็นที่สองมาทันที' })).status).toBe(201);
    for (const page of await readsByEveryone(`/notes/${id}`, 4)) expect(page).toContain('ความเห็นที่สองมาทันที');
    expect((await client.get(`/notes/${id}`)).text).toContain('ความเห็นที่สองมาทันที');
    for (let i = 0; i < 4; i++) expect((await rawGet('/')).headers['x-cache']).toBe('hit');
    // An edit retires them at once.
    expect((await client.patch(`/api/notes/${id}`, { title: 'บันทึกที่จะถูกซ่อน ฉบับแก้' })).status).toBe(200);
    for (const page of await readsByEveryone('/', 4)) expect(page).toContain('บันทึกที่จะถูกซ่อน ฉบับแก้');
    // Hidden by another process (as a moderator's worker would): every worker's list follows.
    withDatabase(server.databasePath, (db) => db.prepare('UPDATE notes SET hidden_at = ? WHERE id = ?').run(Date.now(), id));
    for (const page of await readsByEveryone('/', 4)) expect(page).not.toContain('บันทึกที่จะถูกซ่อน');
  });

  it('renders signed-in pages fresh and keeps them out of shared caches', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client);
    await readsByEveryone(`/notes/${id}`);
    const page = await client.get(`/notes/${id}`);
    expect(page.headers.get('x-cache')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.text).toContain('ออกจากระบบ');
  });
});

describe('transport', () => {
  it('compresses pages with brotli or gzip as the client asks', async () => {
    const br = await rawGet('/', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(br.body).toString()).toContain('<html lang="th">');
    const gzip = await rawGet('/', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toContain('<html lang="th">');
    const plain = await rawGet('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('<html lang="th">');
  });

  it('serves hashed build assets as immutable, compressed, with security headers', async () => {
    // The largest script (stylesheets are inlined into pages): a tiny file is sent as it is.
    const script = readdirSync('dist/client/_astro')
      .filter((f) => f.endsWith('.js'))
      .sort((a, b) => statSync(`dist/client/_astro/${b}`).size - statSync(`dist/client/_astro/${a}`).size)[0]!;
    const res = await rawGet(`/_astro/${script}`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawGet('/_astro/no-such-file.css')).status).toBe(404);
    expect((await rawGet('/_astro/../../package.json')).status).toBe(404);
  });

  it('reports health: database reachable, search index age', async () => {
    const res = await rawGet('/healthz');
    expect(res.status).toBe(200);
    const report = JSON.parse(res.body.toString());
    expect(report.status).toBe('ok');
    expect(report.database.ok).toBe(true);
    expect(report).toHaveProperty('searchIndex');
  });

  it('logs one JSON line per request without cookies, tokens or query strings', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const token = client.getCookie('banthuek_session')!;
    await client.get('/settings?secret=hunter2');
    await new Promise((r) => setTimeout(r, 100)); // the log line is written when the response closes
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"msg":"request"'));
    const settings = lines.map((l) => JSON.parse(l)).findLast((l) => l.path === '/settings' && l.method === 'GET');
    expect(settings).toMatchObject({ method: 'GET', status: 200, level: 'info' });
    expect(typeof settings.ms).toBe('number');
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain(token.split('.')[0]);
    expect(server.output()).not.toContain('hunter2');
  });
});
