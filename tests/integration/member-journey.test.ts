import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('a member registers, writes, comments, edits and deletes', () => {
  it('works end to end through the JSON API', async () => {
    const username = uniqueUsername('writer');
    const anon = clientFromNewAddress(server.baseUrl);
    const reg = await anon.post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'ปลัดทดสอบ' });
    expect(reg.status).toBe(201);

    const client = new TestClient(server.baseUrl);
    const login = await client.post('/api/auth/login', { username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);

    const created = await client.post('/api/notes', {
      title: 'ถอดบทเรียนเวทีประชาคม',
      body: '# หัวข้อ\n\nเนื้อหา **สำคัญ**',
      tags: ['ชุมชน', 'KM'],
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`/notes/${created.body.id}$`));
    const id = created.body.id;

    const page = await anon.get(`/notes/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ถอดบทเรียนเวทีประชาคม');
    expect(page.text).toContain('<h2>หัวข้อ</h2>');
    expect(page.text).toMatch(/เขียนเมื่อ.*\d{1,2} [ก-ฮ.]+ 25\d\d \d\d:\d\d น\./s);
    expect(page.text).toContain('ปลัดทดสอบ');
    expect(page.text).toContain('#ชุมชน');
    expect((await anon.get(`/notes/${id}/ชื่อเรื่องภาษาไทย`)).status).toBe(200);

    const comment = await client.post(`/api/notes/${id}/comments`, { body: 'ความเห็นแรก' });
    expect(comment.status).toBe(201);
    const reply = await client.post(`/api/notes/${id}/comments`, { body: 'ตอบกลับ', parentId: comment.body.id });
    expect(reply.status).toBe(201);
    const threads = await anon.get(`/api/notes/${id}/comments`);
    expect(threads.body).toHaveLength(1);
    expect(threads.body[0].replies[0].id).toBe(reply.body.id);
    expect((await anon.get(`/api/notes/${id}`)).body.commentCount).toBe(2);

    const edited = await client.patch(`/api/notes/${id}`, { title: 'ชื่อใหม่', tags: ['ชุมชน'] });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('ชื่อใหม่');
    expect(edited.body.tags).toEqual(['ชุมชน']);
    const db = new Database(server.databasePath, { readonly: true });
    const revisions = db.prepare('SELECT title FROM note_revisions WHERE note_id = ?').all(id);
    db.close();
    expect(revisions).toEqual([{ title: 'ถอดบทเรียนเวทีประชาคม' }]);

    expect((await client.delete(`/api/notes/${id}`)).status).toBe(200);
    expect((await anon.get(`/notes/${id}`)).status).toBe(410);
    expect((await anon.get(`/api/notes/${id}`)).status).toBe(410);
    const home = await anon.get('/');
    expect(home.text).not.toContain('ชื่อใหม่');
  });

  it('logout deletes the session on the server', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const stolen = client.cookieHeader();
    expect((await client.post('/api/auth/logout')).status).toBe(200);
    const replay = await fetch(`${server.baseUrl}/api/notes`, {
      method: 'POST',
      headers: { cookie: stolen, 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({ title: 'x', body: 'y' }),
    });
    expect(replay.status).toBe(401);
  });

  it('gives the same message for an unknown user and a wrong password', async () => {
    const { username } = await signedInClient(server.baseUrl);
    const anon = new TestClient(server.baseUrl);
    const wrong = await anon.post('/api/auth/login', { username, password: 'wrong password' });
    const unknown = await anon.post('/api/auth/login', { username: 'nobody-here', password: 'wrong password' });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.body.error).toBe(unknown.body.error);
  });

  it('rate-limits password guessing per account with 429 and Retry-After', async () => {
    const { username } = await signedInClient(server.baseUrl);
    const anon = new TestClient(server.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await anon.post('/api/auth/login', { username, password: `guess-${i}-xx` })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    const limited = await anon.post('/api/auth/login', { username, password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error).toMatch(/ลองใหม่/);
  });
});

describe('forbidden and bad input change nothing', () => {
  it("refuses another user's note with 403 and keeps it intact", async () => {
    const owner = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(owner.client, { title: 'ของเจ้าของ' });
    expect((await other.client.patch(`/api/notes/${id}`, { title: 'ถูกแก้' })).status).toBe(403);
    expect((await other.client.delete(`/api/notes/${id}`)).status).toBe(403);
    expect((await other.client.postForm(`/notes/${id}/delete`, {})).status).toBe(403);
    expect((await owner.client.get(`/api/notes/${id}`)).body.title).toBe('ของเจ้าของ');
  });

  it('answers 401 without a session, 404 for unknown ids', async () => {
    const anon = new TestClient(server.baseUrl);
    expect((await anon.post('/api/notes', { title: 'a', body: 'b' })).status).toBe(401);
    expect((await anon.get('/api/notes/999999')).status).toBe(404);
    expect((await anon.get('/notes/999999')).status).toBe(404);
    expect((await anon.get('/notes/abc')).status).toBe(404);
    const { client } = await signedInClient(server.baseUrl);
    expect((await client.post('/api/notes/999999/comments', { body: 'x' })).status).toBe(404);
  });

  it('validates notes: empty, oversize, bad licence, bad JSON, wrong content type', async () => {
    const { client, username } = await signedInClient(server.baseUrl);
    const empty = await client.post('/api/notes', { title: '   ', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.title).toBeTruthy();
    expect(empty.body.fields.body).toBeTruthy();
    expect((await client.post('/api/notes', { title: 'ก'.repeat(201), body: 'x' })).body.fields.title).toMatch(/200/);
    expect((await client.post('/api/notes', { title: 't', body: 'ข'.repeat(70_000) })).status).toBe(400); // 210 KB of UTF-8
    expect((await client.post('/api/notes', { title: 't', body: 'x', licence: 'all-rights-mine' })).status).toBe(400);
    expect(
      (await client.request('POST', '/api/notes', { body: '{"title":', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
    expect((await client.request('POST', '/api/notes', { body: 'title=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const huge = await client.request('POST', '/api/notes', {
      body: JSON.stringify({ title: 't', body: 'x'.repeat(2_000_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    const mine = await new TestClient(server.baseUrl).get(`/u/${username}`);
    expect(mine.text).toContain('ยังไม่มีบันทึกที่เผยแพร่');
  });

  it('rejects cookie-authenticated writes from a foreign Origin with 403', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const attacker = client.withOrigin('https://evil.example');
    const res = await attacker.post('/api/notes', { title: 'csrf', body: 'csrf' });
    expect(res.status).toBe(403);
    const form = await attacker.postForm('/notes/new', { title: 'csrf', body: 'csrf' });
    expect(form.status).toBe(403);
    const sameSite = await client.postForm('/notes/new', { title: 'ฟอร์มปกติ', body: 'จากหน้าเว็บ', tags: 'ก, ข' });
    expect(sameSite.status).toBe(303);
  });

  it('drafts stay private', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { status: 'draft', title: 'ร่างลับ' });
    expect((await client.get(`/notes/${id}`)).status).toBe(200);
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}`)).status).toBe(404);
    expect((await new TestClient(server.baseUrl).get('/')).text).not.toContain('ร่างลับ');
  });
});
