/**
 * "Every route reads bodies through one reader that answers 4xx to a missing or wrong
 * Content-Type" (issue 21, finding 4: a POST with no Content-Type gave 500 on /login, /register,
 * /forgot-password, /reset-password, /notes/<id> …). The routes come from the file tree
 * (tests/helpers/route-table.ts), so a new route is walked without being listed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { concretePaths, writeRoutes, type WriteMethod, type WriteRoute } from '../helpers/route-table.ts';
import type { TestClient } from '../helpers/client.ts';

let server: TestServer;
let author: Awaited<ReturnType<typeof signedInClient>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInClient(server.baseUrl);
  const noteId = await createNoteViaApi(author.client);
  const comment = await author.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นของเจ้าของบันทึก' });
  const community = await author.client.post('/api/communities', { name: `ชุมชนทดสอบเส้นทาง ${process.pid}`, joinPolicy: 'open' });
  const series = await author.client.post('/api/series', { title: 'ชุดทดสอบเส้นทาง' });
  const event = await author.client.post('/api/events', { title: 'เวทีทดสอบเส้นทาง', startDate: '2026-05-01' });
  Object.assign(ids, {
    notes: String(noteId),
    aar: String(noteId),
    comments: String(comment.body.id),
    series: String(series.body.id),
    events: String(event.body.id),
    slug: community.body.slug as string,
    username: author.username,
  });
});
afterAll(async () => {
  await server?.stop();
});

/** A real id where the route names its kind (`/notes/[id]`), else 1; slugs and names of the fixtures. */
function paramValue(_route: unknown, name: string, before: string): string {
  if (name === 'slug') return ids.slug!;
  if (name === 'username') return ids.username!;
  if (name === 'noteId') return ids.notes!;
  if (name === 'province') return 'ขอนแก่น';
  return ids[before] ?? '1';
}

interface Variant {
  name: string;
  headers: Record<string, string>;
  body?: Blob;
  /** The status class the variant must get: a body the route cannot read is refused. */
  expect: (status: number) => boolean;
}
// NOTE: a Blob without a type, not a string: fetch labels a string body text/plain by itself.
const bytes = (text: string) => new Blob([text]);
const REFUSED: Variant[] = [
  { name: 'no Content-Type', headers: {}, body: bytes('title=x&body=y'), expect: (status) => status === 415 },
  {
    name: 'a wrong Content-Type',
    headers: { 'content-type': 'text/plain' },
    body: bytes('{"title":"x"}'),
    expect: (status) => status === 415,
  },
];
const EMPTY: Variant[] = [
  { name: 'an empty body', headers: {}, expect: (status) => status < 500 },
  { name: 'an empty JSON body', headers: { 'content-type': 'application/json' }, body: bytes(''), expect: (status) => status < 500 },
  {
    name: 'an empty form',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: bytes(''),
    expect: (status) => status < 500,
  },
];

async function send(client: TestClient, method: WriteMethod, path: string, variant: Variant): Promise<number> {
  const headers: Record<string, string> = { origin: server.baseUrl, ...variant.headers };
  const cookie = client.cookieHeader();
  if (cookie) headers.cookie = cookie;
  const response = await fetch(server.baseUrl + path, { method, headers, body: variant.body, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

/** Walks every write route with `variants`; returns each request whose status broke the variant's rule. */
async function walk(client: TestClient, variants: Variant[]): Promise<string[]> {
  // Routes that end the session or remove the fixtures go last, so the rest meet them intact.
  const destructive = (route: WriteRoute) => /logout|delete|remove|leave|membership|\[action\]/.test(route.pattern);
  const routes = writeRoutes().sort((a, b) => Number(destructive(a)) - Number(destructive(b)));
  const failures: string[] = [];
  for (const route of routes)
    for (const path of concretePaths(route, paramValue))
      for (const method of route.methods)
        for (const variant of variants) {
          const status = await send(client, method, path, variant);
          if (!variant.expect(status)) failures.push(`${method} ${path} with ${variant.name}: ${status}`);
        }
  return failures;
}

describe('every write route, with a body it cannot read', () => {
  it('the route table is read from the file tree and holds the form pages of the finding', () => {
    const patterns = writeRoutes().map((route) => route.pattern);
    for (const page of ['/login', '/register', '/forgot-password', '/reset-password', '/notes/[id]/[...slug]', '/api/notes'])
      expect(patterns).toContain(page);
    expect(patterns.length).toBeGreaterThan(60);
  });

  it('signed out: no Content-Type and a wrong one are a 415, an empty body never a 5xx', async () => {
    const stranger = clientFromNewAddress(server.baseUrl);
    expect(await walk(stranger, [...REFUSED, ...EMPTY])).toEqual([]);
  }, 240_000);

  it('signed in: the same, and the refused requests changed nothing', async () => {
    const before = await author.client.get(`/api/notes/${ids.notes}`);
    expect(await walk(author.client, REFUSED)).toEqual([]);
    const after = await author.client.get(`/api/notes/${ids.notes}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    expect(await walk(author.client, EMPTY)).toEqual([]);
  }, 240_000);

  it('the login form with no Content-Type tells the person what to do, in Thai', async () => {
    const response = await fetch(`${server.baseUrl}/login`, {
      method: 'POST',
      headers: { origin: server.baseUrl },
      body: bytes('username=a'),
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toContain('กรุณากลับไปที่หน้านั้นแล้วส่งแบบฟอร์มอีกครั้ง');
    const empty = await fetch(`${server.baseUrl}/login`, { method: 'POST', headers: { origin: server.baseUrl } });
    expect(empty.status).toBe(400);
  });
});
