/**
 * Against the built server (the dev server enforces none of this): security headers on every kind
 * of response, no page that needs inline script or style, cross-site writes refused, and the
 * `next` parameter after login that only ever stays on this site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { countRows, signedInWithRole } from '../helpers/roles.ts';
import { findUnsafeMarkup } from '../helpers/html.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function expectSecurityHeaders(headers: Headers, where: string) {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, where).toContain("default-src 'self'");
  expect(csp, where).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp, where).toContain("style-src 'self'");
  expect(csp, where).toContain("object-src 'none'");
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("base-uri 'self'");
  expect(csp, where).toContain("form-action 'self'");
  expect(csp, where).not.toContain('unsafe-inline');
  expect(csp, where).not.toMatch(/'unsafe-eval'/);
  expect(headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(headers.get('referrer-policy'), where).toBe('strict-origin-when-cross-origin');
  expect(headers.get('x-frame-options'), where).toBe('DENY');
  expect(headers.get('permissions-policy'), where).toMatch(/camera=\(\).*geolocation=\(\)/);
}

describe('every page of the built site', () => {
  it('carries the security headers and needs no inline script, inline style or event attributes', async () => {
    const writer = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(writer.client, { tags: ['หัวข้อ'] });
    const { body: comment } = await writer.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็น [ลิงก์](https://example.com)' });
    await writer.client.patch(`/api/notes/${id}`, { body: 'แก้ไขแล้ว' });
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const admin = await signedInWithRole(server.baseUrl, server.databasePath, 'admin', 'admin');
    const reporter = await signedInClient(server.baseUrl);
    await reporter.client.post('/api/reports', { targetType: 'comment', targetId: comment.id, reason: 'ทดสอบคิว' });
    await mod.client.post('/api/moderation', { action: 'hide', targets: [{ type: 'comment', id: comment.id }] });
    const anon = new TestClient(server.baseUrl);
    const script = readdirSync('dist/client/_astro').find((f) => f.endsWith('.js'))!;
    const pages: [TestClient, string][] = [
      [anon, '/'],
      [anon, '/?page=2'],
      [anon, '/login'],
      [anon, '/register'],
      [anon, '/forgot-password'],
      [anon, '/reset-password?token=abc'],
      [anon, `/notes/${id}`],
      [anon, `/notes/${id}/history`],
      [anon, `/tags/${encodeURIComponent('หัวข้อ')}`],
      [anon, `/u/${writer.username}`],
      [anon, '/no-such-page'],
      [anon, '/notes/999999'],
      [writer.client, `/notes/${id}`],
      [writer.client, `/notes/${id}/edit`],
      [writer.client, '/notes/new'],
      [writer.client, '/settings'],
      [mod.client, `/notes/${id}`],
      [mod.client, '/moderation'],
      [mod.client, `/u/${writer.username}`],
      [admin.client, '/admin/audit'],
      [anon, '/aar'],
      [admin.client, '/aar/new'],
      [anon, '/communities'],
      [writer.client, '/communities/new'],
      [writer.client, '/feed'],
      [writer.client, '/notifications'],
    ];
    // The stylesheet is in the page, not a file: one round trip less on a slow phone (issue 24).
    const notePage = (await anon.get(`/notes/${id}`)).text;
    expect(notePage).toMatch(/<style>[^<]*\.site-header/);
    expect(notePage).not.toMatch(/<link[^>]+rel="stylesheet"/);
    for (const [client, path] of pages) {
      const res = await client.get(path);
      expectSecurityHeaders(res.headers, path);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      // The stylesheet is inlined (issue 24) and allowed by its hash; nothing else inline.
      expect(findUnsafeMarkup(res.text, res.headers.get('content-security-policy')), path).toEqual([]);
    }
    // JSON, refusals made by the middleware, and static files get them too.
    const others = [
      await anon.get(`/api/notes/${id}`),
      await anon.get('/api/notes/999999'),
      await anon.withOrigin('https://evil.example').post('/api/notes', { title: 'x', body: 'y' }),
      await anon.request('POST', '/api/notes', { body: 'x'.repeat(2_000_000), headers: { 'content-type': 'application/json' } }),
      await anon.get('/favicon.svg'),
      await anon.get(`/_astro/${script}`),
    ];
    for (const res of others) expectSecurityHeaders(res.headers, `${res.status} ${res.headers.get('content-type')}`);
    expect(others.map((r) => r.status)).toEqual([200, 404, 403, 413, 200, 200]);
  });

  it('sends no HSTS over http, and HSTS for a year with subdomains when SITE_URL is https', async () => {
    expect((await new TestClient(server.baseUrl).get('/')).headers.get('strict-transport-security')).toBeNull();
    const secure = await startTestServer({ SITE_URL: 'https://banthuek.example' });
    try {
      const hsts = (await new TestClient(secure.baseUrl).get('/')).headers.get('strict-transport-security') ?? '';
      expect(hsts).toMatch(/max-age=(\d+); includeSubDomains/);
      expect(Number(/max-age=(\d+)/.exec(hsts)![1])).toBeGreaterThanOrEqual(31_536_000);
    } finally {
      await secure.stop();
    }
  });
});

describe('cross-site writes (CSRF)', () => {
  it('refuses every state-changing form and API call from another origin, changing nothing', async () => {
    const victim = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'victim');
    const other = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(other.client);
    const { body: comment } = await other.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็น' });
    const before = countRows(server.databasePath);
    const attacks: [string, string, Record<string, unknown>, 'json' | 'form'][] = [
      ['POST', '/api/notes', { title: 'csrf', body: 'csrf' }, 'json'],
      ['POST', `/api/notes/${id}/comments`, { body: 'csrf' }, 'json'],
      ['POST', '/api/reports', { targetType: 'note', targetId: id, reason: 'csrf' }, 'json'],
      ['POST', '/api/moderation', { action: 'suspend', userId: other.id }, 'json'],
      ['POST', '/api/auth/password-reset', { login: other.username }, 'json'],
      ['POST', '/notes/new', { title: 'csrf', body: 'csrf' }, 'form'],
      ['POST', `/notes/${id}`, { body: 'csrf' }, 'form'],
      ['POST', `/notes/${id}/hide`, {}, 'form'],
      ['POST', `/notes/${id}/report`, { reason: 'csrf' }, 'form'],
      ['POST', `/notes/${id}/delete`, {}, 'form'],
      ['POST', `/comments/${comment.id}/hide`, {}, 'form'],
      ['POST', `/u/${other.username}/suspend`, {}, 'form'],
      ['POST', '/moderation', { action: `purge:${other.id}` }, 'form'],
      ['POST', '/settings', { action: 'email', email: 'evil@example.test', currentPassword: TEST_PASSWORD }, 'form'],
      ['POST', '/logout', {}, 'form'],
    ];
    for (const origin of ['https://evil.example', 'null', `${server.baseUrl}.evil.example`]) {
      const attacker = victim.client.withOrigin(origin);
      for (const [method, path, data, kind] of attacks) {
        const res =
          kind === 'json'
            ? await attacker.request(method, path, { json: data })
            : await attacker.request(method, path, { form: data as Record<string, string> });
        expect(res.status, `${origin} ${path}`).toBe(403);
      }
    }
    // No Origin, but the browser says the request is cross-site.
    const noOrigin = victim.client.withOrigin(null);
    expect((await noOrigin.request('POST', `/notes/${id}/hide`, { form: {}, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
    expect(countRows(server.databasePath)).toEqual(before);
    expect((await victim.client.get('/moderation')).status).toBe(200); // still signed in: /logout was refused too
  });
});

describe('where login sends you next', () => {
  const OFFSITE = [
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'http:evil.example',
    'HTTPS://EVIL.EXAMPLE',
    'javascript:alert(1)',
    'data:text/html,x',
    '/.//evil.example',
    '/a/..//evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    ' //evil.example',
    '%2F%2Fevil.example',
    '//evil.example@banthuek.example',
    '/\\/evil.example',
    '//%65vil.example',
  ];

  async function loginWith(next: string) {
    const { username } = await signedInClient(server.baseUrl);
    const client = clientFromNewAddress(server.baseUrl);
    return client.postForm(`/login?next=${encodeURIComponent(next)}`, { username, password: TEST_PASSWORD });
  }

  it.each(OFFSITE)('next=%s goes to a page on this site', async (next) => {
    const res = await loginWith(next);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(new URL(location, server.baseUrl).origin).toBe(server.baseUrl);
    expect(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\')).toBe(true);
  });

  it('the plainly off-site ones go to the home page', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/.//evil.example']) {
      expect((await loginWith(next)).headers.get('location'), next).toBe('/');
    }
  });

  it('a local path (with query and fragment) is kept, also for a visitor already signed in', async () => {
    expect((await loginWith('/notes/5?page=2#comments')).headers.get('location')).toBe('/notes/5?page=2#comments');
    const { client } = await signedInClient(server.baseUrl);
    expect((await client.get(`/login?next=${encodeURIComponent('/settings')}`)).headers.get('location')).toBe('/settings');
    expect((await client.get(`/login?next=${encodeURIComponent('//evil.example')}`)).headers.get('location')).toBe('/');
  });

  it('the login link in the header carries the current page as next', async () => {
    const html = (await new TestClient(server.baseUrl).get('/tags/x?page=2')).text;
    expect(html).toContain(`href="/login?next=${encodeURIComponent('/tags/x?page=2')}"`);
  });
});
