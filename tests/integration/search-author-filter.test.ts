import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedInClient, uniqueUsername } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEARCH_INDEX_UPDATES: '0' });
});
afterAll(async () => {
  await server?.stop();
});

describe('search filters accept what people remember', () => {
  it('a Thai display name (or the start of one) becomes the author username in the address', async () => {
    const typed = `สมชายทดสอบ${uniqueUsername('x')}`;
    const somchai = await signedInClient(server.baseUrl, { displayName: `${typed} ใจดี` });
    const anon = new TestClient(server.baseUrl);
    const res = await anon.get(`/search?q=${encodeURIComponent('ชุมชน')}&author=${encodeURIComponent(typed)}`);
    expect(res.status).toBe(303);
    const next = new URL(res.headers.get('location')!, server.baseUrl);
    expect(next.searchParams.get('author')).toBe(somchai.username);
    expect(next.searchParams.get('q')).toBe('ชุมชน');
    const byHandle = await anon.get(`/search?q=x&author=${encodeURIComponent(`@${somchai.username.toUpperCase()}`)}`);
    expect(new URL(byHandle.headers.get('location')!, server.baseUrl).searchParams.get('author')).toBe(somchai.username);
    expect((await anon.get(`/search?q=x&author=${somchai.username}`)).status).toBe(200);
  });

  it('several people with that name are offered as choices; nobody gives a Thai hint', async () => {
    const prefix = `วีณาทดสอบ${process.pid}`;
    const a = await signedInClient(server.baseUrl, { displayName: `${prefix} ก` });
    const b = await signedInClient(server.baseUrl, { displayName: `${prefix} ข` });
    const anon = new TestClient(server.baseUrl);
    const res = await anon.get(`/search?q=x&author=${encodeURIComponent(prefix)}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`author=${a.username}`);
    expect(res.text).toContain(`author=${b.username}`);
    const none = await anon.get(`/search?q=x&author=${encodeURIComponent('ไม่มีใครชื่อนี้แน่นอน')}`);
    expect(none.text).toContain('ไม่พบผู้เขียนชื่อ');
    const wildcard = await anon.get(`/search?q=x&author=${encodeURIComponent('%')}`);
    expect(wildcard.text).toContain('ไม่พบผู้เขียนชื่อ');
  });

  it('a #tag typed in the tag filter means the tag', async () => {
    const res = await new TestClient(server.baseUrl).get(`/search?q=x&tag=${encodeURIComponent('#แผนชุมชน')}`);
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, server.baseUrl).searchParams.get('tag')).toBe('แผนชุมชน');
  });
});
