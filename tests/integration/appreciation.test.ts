/**
 * Appreciation (ให้กำลังใจ) on notes and comments: once per member, undoable, rate-limited, the
 * author told once per note per day, suspended members' thanks stop counting, and the count on the
 * cached anonymous page is right on the very next read from any worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import { RATE_LIMITS } from '~/lib/server/rate-limit.ts';
import { sendUntilRefused } from '../helpers/rate-limits.ts';

let server: TestServer;
// Two workers: the cached page must follow a click handled by either process.
beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
});
afterAll(async () => {
  await server?.stop();
});

/** An anonymous GET on a new connection each time, so the cluster spreads reads over both workers. */
function anonymousGet(path: string): Promise<{ body: string; cache: string | undefined; pid?: number }> {
  return new Promise((resolve, reject) => {
    const req = request(server.baseUrl + path, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ body, cache: res.headers['x-cache'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The note's shared count as the page shows it. */
const noteCount = (html: string) =>
  Number(/id="appreciation-count" data-appreciation-count>([\d,]+)</.exec(html)?.[1]?.replace(/,/g, '') ?? NaN);

async function appreciationNotifications(client: TestClient): Promise<unknown[]> {
  const res = await client.get('/api/notifications');
  expect(res.status).toBe(200);
  return res.body.items.filter((n: { kind: string }) => n.kind === 'appreciation');
}

describe('appreciating a note', () => {
  it('counts once per member, can be taken back, and refuses the author and anonymous readers', async () => {
    const author = await signedInClient(server.baseUrl);
    const a = await signedInClient(server.baseUrl);
    const b = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const api = `/api/notes/${id}/appreciation`;

    expect((await a.client.post(api)).body).toEqual({ count: 1, given: true });
    expect((await a.client.post(api)).body).toEqual({ count: 1, given: true }); // idempotent
    expect((await b.client.post(api)).body).toEqual({ count: 2, given: true });
    expect((await a.client.delete(api)).body).toEqual({ count: 1, given: false });
    expect((await a.client.delete(api)).body).toEqual({ count: 1, given: false });

    const own = await author.client.post(api);
    expect(own.status).toBe(403);
    expect(own.body.error).toMatch(/ของตนเอง/);
    const anonymous = await new TestClient(server.baseUrl).post(api);
    expect(anonymous.status).toBe(401);
    expect((await a.client.post('/api/notes/99999999/appreciation')).status).toBe(404);
    expect((await b.client.post(api)).body).toEqual({ count: 1, given: true });
  });

  it('shows anonymous readers the count and a sign-in link that comes back to the same place', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    await reader.client.post(`/api/notes/${id}/appreciation`);
    const page = await anonymousGet(`/notes/${id}`);
    expect(noteCount(page.body)).toBe(1);
    expect(page.body).toContain(`href="/login?next=${encodeURIComponent(`/notes/${id}#appreciation`)}"`);
    expect(page.body).toContain('id="appreciation"');
    // The member sees their own state; the count is the same shared number.
    const mine = await reader.client.get(`/notes/${id}`);
    expect(mine.text).toMatch(/aria-pressed="true">ให้กำลังใจแล้ว</);
    expect(noteCount(mine.text)).toBe(1);
  });

  it('works without JavaScript: the form post gives, then takes back, and returns to the note', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const give = await reader.client.postForm(`/notes/${id}/appreciation`, { give: '1' });
    expect(give.status).toBe(303);
    expect(give.headers.get('location')).toBe(`/notes/${id}#appreciation`);
    expect(noteCount((await anonymousGet(`/notes/${id}`)).body)).toBe(1);
    await reader.client.postForm(`/notes/${id}/appreciation`, { give: '0' });
    expect(noteCount((await anonymousGet(`/notes/${id}`)).body)).toBe(0);
    const anonymous = await new TestClient(server.baseUrl).postForm(
      `/notes/${id}/appreciation`,
      { give: '1' },
      { referer: `${server.baseUrl}/notes/${id}` },
    );
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/notes/${id}`)}`);
  });

  it('a cached anonymous page shows the new count right after a click in another worker', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกที่มีคนอ่านมาก' });
    const path = `/notes/${id}`;
    // Fill the cache of both workers.
    for (let i = 0; i < 6; i++) await anonymousGet(path);
    const before = await Promise.all([1, 2, 3, 4].map(() => anonymousGet(path)));
    expect(before.map((r) => r.cache)).toContain('hit');
    expect(before.every((r) => noteCount(r.body) === 0)).toBe(true);

    for (let clicks = 1; clicks <= 3; clicks++) {
      const member = await signedInClient(server.baseUrl);
      expect((await member.client.post(`/api/notes/${id}/appreciation`)).body).toEqual({ count: clicks, given: true });
      // The very next reads, on fresh connections (both workers), show the new count.
      const after = await Promise.all([1, 2, 3, 4].map(() => anonymousGet(path)));
      expect(after.map((r) => noteCount(r.body))).toEqual([clicks, clicks, clicks, clicks]);
    }
    const pids = new Set(
      server
        .output()
        .split('\n')
        .filter((l) => l.includes(`"path":"${path}"`))
        .map((l) => JSON.parse(l).pid),
    );
    expect(pids.size).toBe(2);
  });

  it('stops counting a suspended member, on the cached page too, and counts them again when restored', async () => {
    const author = await signedInClient(server.baseUrl);
    const spammer = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const id = await createNoteViaApi(author.client);
    const commentRes = await author.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็นของผู้เขียน' });
    await spammer.client.post(`/api/notes/${id}/appreciation`);
    await reader.client.post(`/api/notes/${id}/appreciation`);
    expect((await spammer.client.post(`/api/comments/${commentRes.body.id}/appreciation`)).body).toEqual({ count: 1, given: true });
    await anonymousGet(`/notes/${id}`);
    expect(noteCount((await anonymousGet(`/notes/${id}`)).body)).toBe(2);

    expect((await moderator.client.postForm(`/u/${spammer.username}/suspend`, {})).status).toBe(303);
    const page = (await anonymousGet(`/notes/${id}`)).body;
    expect(noteCount(page)).toBe(1);
    expect(page).toMatch(new RegExp(`id="comment-${commentRes.body.id}"[\\s\\S]*?data-appreciation-count>0<`));
    // Suspension also ends the account's sessions: it cannot give more either way.
    expect([401, 403]).toContain((await spammer.client.post(`/api/notes/${id}/appreciation`)).status);

    await moderator.client.postForm(`/u/${spammer.username}/unsuspend`, {});
    expect(noteCount((await anonymousGet(`/notes/${id}`)).body)).toBe(2);
  });

  it('is rate-limited per member', async () => {
    const author = await signedInClient(server.baseUrl);
    const clicker = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const click = (i: number) =>
      i % 2 === 0 ? clicker.client.post(`/api/notes/${id}/appreciation`) : clicker.client.delete(`/api/notes/${id}/appreciation`);
    const { refusal } = await sendUntilRefused(click, RATE_LIMITS.appreciationPerUser);
    expect(refusal.body.error).toMatch(/ลองใหม่/);
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another member is not affected.
    const other = await signedInClient(server.baseUrl);
    expect((await other.client.post(`/api/notes/${id}/appreciation`)).status).toBe(200);
  });
});

describe('appreciating a comment', () => {
  it('counts per member on visible comments only and shows on the note page', async () => {
    const author = await signedInClient(server.baseUrl);
    const commenter = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const comment = (await commenter.client.post(`/api/notes/${id}/comments`, { body: 'ขอบคุณที่แบ่งปันครับ' })).body.id as number;
    const api = `/api/comments/${comment}/appreciation`;
    expect((await reader.client.post(api)).body).toEqual({ count: 1, given: true });
    expect((await author.client.post(api)).body).toEqual({ count: 2, given: true });
    expect((await reader.client.post(api)).body).toEqual({ count: 2, given: true });
    expect((await commenter.client.post(api)).status).toBe(403);
    expect((await reader.client.delete(api)).body).toEqual({ count: 1, given: false });
    const page = await anonymousGet(`/notes/${id}`);
    expect(page.body).toMatch(new RegExp(`id="comment-${comment}"[\\s\\S]*?data-appreciation-count>1<`));
    expect(page.body).toContain(`/login?next=${encodeURIComponent(`/notes/${id}#comment-${comment}`)}`);

    await author.client.postForm(`/comments/${comment}/hide`, {});
    expect((await reader.client.post(api)).status).toBe(404);
    expect((await reader.client.post('/api/comments/abc/appreciation')).status).toBe(404);
  });
});

describe('notifying the author', () => {
  it('tells the author once per note per day however many people click', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const other = await createNoteViaApi(author.client, { title: 'อีกบันทึกหนึ่ง' });
    const first = await signedInClient(server.baseUrl, { displayName: 'คนแรกที่ให้กำลังใจ' });
    await first.client.post(`/api/notes/${id}/appreciation`);
    await first.client.delete(`/api/notes/${id}/appreciation`);
    await first.client.post(`/api/notes/${id}/appreciation`);
    for (let i = 0; i < 3; i++) await (await signedInClient(server.baseUrl)).client.post(`/api/notes/${id}/appreciation`);
    const comment = (await author.client.post(`/api/notes/${id}/comments`, { body: 'ผู้เขียนตอบเอง' })).body.id;
    await first.client.post(`/api/comments/${comment}/appreciation`);
    let items = await appreciationNotifications(author.client);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'appreciation', read: false, note: { id }, actor: { displayName: 'คนแรกที่ให้กำลังใจ' } });

    // Another note is another notification; the commenter of a comment hears about theirs.
    await first.client.post(`/api/notes/${other}/appreciation`);
    items = await appreciationNotifications(author.client);
    expect(items.map((n: any) => n.note.id).sort()).toEqual([id, other].sort());
    expect((await author.client.get('/api/notifications')).body.unread).toBeGreaterThanOrEqual(2);
    const page = await author.client.get('/notifications');
    expect(page.text).toContain('ให้กำลังใจงานเขียนของคุณ');
  });

  it('respects the muted kind', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    expect((await author.client.request('PUT', '/api/notifications/settings', { json: { muted: ['appreciation'] } })).status).toBeLessThan(
      300,
    );
    await (await signedInClient(server.baseUrl)).client.post(`/api/notes/${id}/appreciation`);
    expect(await appreciationNotifications(author.client)).toHaveLength(0);
  });
});

describe('home page list', () => {
  it('lists the notes most appreciated this week, most first', async () => {
    const author = await signedInClient(server.baseUrl);
    const popular = await createNoteViaApi(author.client, { title: 'บันทึกยอดนิยมของสัปดาห์' });
    const liked = await createNoteViaApi(author.client, { title: 'บันทึกที่มีคนชอบบ้าง' });
    for (let i = 0; i < 3; i++) {
      const member = await signedInClient(server.baseUrl);
      await member.client.post(`/api/notes/${popular}/appreciation`);
      if (i === 0) await member.client.post(`/api/notes/${liked}/appreciation`);
    }
    const home = await anonymousGet('/');
    const section = /<section aria-labelledby="appreciated-heading"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? '';
    expect(section).toContain('ได้รับกำลังใจมากในสัปดาห์นี้');
    expect(section.indexOf('บันทึกยอดนิยมของสัปดาห์')).toBeGreaterThan(-1);
    expect(section.indexOf('บันทึกยอดนิยมของสัปดาห์')).toBeLessThan(section.indexOf('บันทึกที่มีคนชอบบ้าง'));
  });
});
