/**
 * "Not found and not allowed look the same to a stranger" (issue 21, finding 9): every route that
 * takes a note id (or a comment id) answers a stranger the same for a note they may not see (a
 * draft, a hidden note) as for one that does not exist; /healthz shows the public only its status;
 * the sitemap leaves out members who chose "hide me". Routes come from the file tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { allRoutes, concretePaths, type Method, type Route } from '../helpers/route-table.ts';
import type { TestClient } from '../helpers/client.ts';

const HEALTH_TOKEN = 'a-long-enough-health-token-for-tests';
const MISSING = 987_654;

let server: TestServer;
let author: Awaited<ReturnType<typeof signedInClient>>;
let stranger: Awaited<ReturnType<typeof signedInClient>>;
const secret: Record<'draft' | 'hidden', { note: number; comment: number }> = {
  draft: { note: 0, comment: 0 },
  hidden: { note: 0, comment: 0 },
};

beforeAll(async () => {
  server = await startTestServer({ HEALTHZ_TOKEN: HEALTH_TOKEN });
  author = await signedInClient(server.baseUrl);
  stranger = await signedInClient(server.baseUrl);
  for (const kind of ['draft', 'hidden'] as const) {
    // Published first so each can carry a comment, then made secret.
    const note = await createNoteViaApi(author.client, { title: `บันทึกลับ ${kind}` });
    const comment = (await author.client.post(`/api/notes/${note}/comments`, { body: 'ความเห็นในบันทึกลับ' })).body.id as number;
    withDatabase(server.databasePath, (db) =>
      kind === 'draft'
        ? db.prepare("UPDATE notes SET status = 'draft' WHERE id = ?").run(note)
        : db.prepare('UPDATE notes SET hidden_at = ? WHERE id = ?').run(Date.now(), note),
    );
    secret[kind] = { note, comment };
  }
});
afterAll(async () => {
  await server?.stop();
});

/** Whether the route takes a note id or a comment id in its path, and which. */
function idKind(route: Route): 'note' | 'comment' | null {
  if (/^\/(?:api\/)?(?:notes|aar)\/\[id\]/.test(route.pattern) || /\[noteId\]/.test(route.pattern)) return 'note';
  if (/^\/(?:api\/)?comments\/\[id\]/.test(route.pattern)) return 'comment';
  return null;
}

/** Fields most of these routes read, so a request gets as far as looking the note up. */
const FIELDS = { body: 'ความเห็นทดสอบ', state: 'watching', reason: 'ทดสอบการรายงาน', give: '1', title: 'แก้ไข' };

async function answer(client: TestClient | null, method: Method, path: string, body: 'json' | 'form') {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (client) headers.cookie = client.cookieHeader();
  let payload: string | undefined;
  if (method !== 'GET') {
    headers['content-type'] = body === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    payload = body === 'json' ? JSON.stringify(FIELDS) : new URLSearchParams(FIELDS).toString();
  }
  const response = await fetch(server.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
  const text = await response.text();
  // Only what tells one case from the other: the status, the redirect, a JSON error's sentence.
  const error = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { error?: string }).error : undefined;
  return { status: response.status, location: response.headers.get('location')?.replace(/\d+/g, 'N') ?? null, error };
}

describe('a note the reader may not see answers like a missing one', () => {
  const routes = allRoutes().filter((route) => idKind(route) !== null);

  it('the walk covers the endpoints named in the finding', () => {
    const patterns = routes.map((r) => r.pattern);
    for (const p of [
      '/api/notes/[id]/comments',
      '/api/notes/[id]/appreciation',
      '/api/notes/[id]/bookmark',
      '/api/notes/[id]/watch',
      '/api/notes/[id]/view',
      '/api/comments/[id]/appreciation',
    ])
      expect(patterns).toContain(p);
  });

  for (const who of ['a signed-in stranger', 'a signed-out visitor'] as const)
    it(`to ${who}: same status for a draft, a hidden note, their comments and nothing`, async () => {
      const client = who === 'a signed-in stranger' ? stranger.client : null;
      const differences: string[] = [];
      for (const route of routes)
        for (const method of route.methods)
          for (const kind of ['draft', 'hidden'] as const) {
            const target = idKind(route) === 'note' ? secret[kind].note : secret[kind].comment;
            const pathFor = (id: number) => concretePaths(route, () => String(id));
            const [secretPaths, missingPaths] = [pathFor(target), pathFor(MISSING)];
            for (let i = 0; i < secretPaths.length; i++) {
              const body = route.pattern.startsWith('/api/') ? 'json' : 'form';
              const seen = await answer(client, method, secretPaths[i]!, body);
              const missing = await answer(client, method, missingPaths[i]!, body);
              if (JSON.stringify(seen) !== JSON.stringify(missing))
                differences.push(`${method} ${secretPaths[i]} (${kind}): ${JSON.stringify(seen)} vs missing ${JSON.stringify(missing)}`);
            }
          }
      expect(differences).toEqual([]);
    }, 120_000);

  it('routes taking the id in the body: a report, filing into a community', async () => {
    const slug = (await stranger.client.post('/api/communities', { name: `ชุมชนคนแปลกหน้า ${process.pid}`, joinPolicy: 'open' })).body.slug;
    const differences: string[] = [];
    for (const kind of ['draft', 'hidden'] as const) {
      const sends: [string, (id: number, comment: boolean) => Promise<{ status: number; body: unknown }>][] = [
        [
          'report',
          (id, comment) =>
            stranger.client.post('/api/reports', { targetType: comment ? 'comment' : 'note', targetId: id, reason: 'ทดสอบการรายงาน' }),
        ],
        ['file into a community', (id) => stranger.client.post(`/api/communities/${encodeURIComponent(slug)}/notes`, { noteId: id })],
      ];
      for (const [name, send] of sends)
        for (const comment of [false, true]) {
          const seen = await send(comment ? secret[kind].comment : secret[kind].note, comment);
          const missing = await send(MISSING, comment);
          if (JSON.stringify([seen.status, seen.body]) !== JSON.stringify([missing.status, missing.body]))
            differences.push(
              `${name} ${comment ? 'comment' : 'note'} (${kind}): ${seen.status} ${JSON.stringify(seen.body)} vs ${missing.status} ${JSON.stringify(missing.body)}`,
            );
        }
    }
    expect(differences).toEqual([]);
  });

  it('the author still reaches their own draft', async () => {
    expect((await author.client.get(`/api/notes/${secret.draft.note}`)).status).toBe(200);
  });
});

describe('/healthz', () => {
  it('shows the public only its status; loopback and the token see the details', async () => {
    const viaProxy = await clientFromNewAddress(server.baseUrl).get('/healthz');
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).toEqual({ status: 'ok' });
    // A proxy on this machine forwards from loopback: the forwarded request is still public.
    const forwardedFromLoopback = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(await forwardedFromLoopback.json()).toEqual({ status: 'ok' });
    const wrongToken = await fetch(`${server.baseUrl}/healthz`, {
      headers: { 'x-forwarded-for': '198.51.100.4', authorization: 'Bearer nope' },
    });
    expect(await wrongToken.json()).toEqual({ status: 'ok' });

    const local = await (await fetch(`${server.baseUrl}/healthz`)).json();
    expect(local).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(typeof local.pid).toBe('number');
    const withToken = await fetch(`${server.baseUrl}/healthz`, {
      headers: { 'x-forwarded-for': '198.51.100.4', authorization: `Bearer ${HEALTH_TOKEN}` },
    });
    expect(await withToken.json()).toHaveProperty('mailOutbox');
  });
});

describe('the sitemap', () => {
  it('lists a writer who shows in the directory, not one who chose "hide me" (their notes stay)', async () => {
    const shown = await signedInClient(server.baseUrl);
    const hidden = await signedInClient(server.baseUrl);
    await createNoteViaApi(shown.client, { title: 'บันทึกของคนที่แสดงตัว' });
    const hiddenNote = await createNoteViaApi(hidden.client, { title: 'บันทึกของคนที่ซ่อนตัว' });
    withDatabase(server.databasePath, (db) => db.prepare('UPDATE users SET hidden_from_directory = 1 WHERE id = ?').run(hidden.id));
    const sitemap = (await clientFromNewAddress(server.baseUrl).get('/sitemap.xml')).text;
    expect(sitemap).toContain(`/u/${shown.username}<`);
    expect(sitemap).not.toContain(`/u/${hidden.username}<`);
    expect(sitemap).toContain(`/notes/${hiddenNote}`);
  });
});
