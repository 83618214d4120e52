/**
 * Issue 23: a phone offline for a day must not silently overwrite what its author wrote since on a
 * desktop. Edits name the revision they started from (If-Match, or the form's baseRevision).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/client.ts';
import { queryDb, setRole, workshopAar } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const patch = (client: TestClient, id: number, json: unknown, headers: Record<string, string> = {}) =>
  client.request('PATCH', `/api/notes/${id}`, { json, headers });

describe('ETag and If-Match on the note API', () => {
  it('GET sends the strong ETag of the revision; an edit with it saves and moves the tag on', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'แผนชุมชนบ้านหนองบัว', body: 'ฉบับแรก' });
    const read = await client.get(`/api/notes/${id}`);
    expect(read.headers.get('etag')).toBe(`"n${id}-r1"`);
    expect(read.body.revision).toBe(1);
    // Anyone who may read the note gets the tag too.
    expect((await clientFromNewAddress(server.baseUrl).get(`/api/notes/${id}`)).headers.get('etag')).toBe(`"n${id}-r1"`);

    const saved = await patch(client, id, { body: 'ฉบับที่สอง' }, { 'if-match': read.headers.get('etag')! });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe(`"n${id}-r2"`);
    expect(saved.body.revision).toBe(2);
    // Any tag of a list may match; "*" matches whatever revision there is.
    expect((await patch(client, id, { body: 'สาม' }, { 'if-match': `"n${id}-r9", "n${id}-r2"` })).status).toBe(200);
    expect((await patch(client, id, { body: 'สี่' }, { 'if-match': '*' })).status).toBe(200);
  });

  it('an edit from an older revision answers 412 with the current text and changes nothing', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'บันทึกลงพื้นที่', body: 'เขียนที่โต๊ะ' });
    const phoneTag = (await client.get(`/api/notes/${id}`)).headers.get('etag')!;
    const desktop = await patch(client, id, { title: 'บันทึกลงพื้นที่ (แก้จากคอมพิวเตอร์)', body: 'แก้ที่โต๊ะหลังจากนั้น' });
    expect(desktop.status).toBe(200);

    const phone = await patch(client, id, { body: 'เขียนในหมู่บ้านตอนไม่มีสัญญาณ' }, { 'if-match': phoneTag });
    expect(phone.status).toBe(412);
    expect(phone.body.error).toMatch(/ถูกแก้ไขจากที่อื่น/);
    expect(phone.body.current).toEqual({
      revision: 2,
      updatedAt: desktop.body.updatedAt,
      title: 'บันทึกลงพื้นที่ (แก้จากคอมพิวเตอร์)',
      body: 'แก้ที่โต๊ะหลังจากนั้น',
    });
    expect(phone.body.conflictDraftId).toBeUndefined();
    const after = await client.get(`/api/notes/${id}`);
    expect(after.body.body).toBe('แก้ที่โต๊ะหลังจากนั้น');
    expect(after.body.revision).toBe(2);
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM note_revisions WHERE note_id = ?', id)[0]!.n).toBe(1);

    // A weak tag never matches (If-Match compares strongly), nor another note's tag.
    expect((await patch(client, id, { body: 'x' }, { 'if-match': `W/"n${id}-r2"` })).status).toBe(412);
    const other = await createNoteViaApi(client);
    expect((await patch(client, id, { body: 'x' }, { 'if-match': `"n${other}-r2"` })).status).toBe(412);
    // Without If-Match an edit saves as it always did.
    expect((await patch(client, id, { body: 'ไม่มี If-Match' })).status).toBe(200);
  });

  it("with X-Keep-Conflict the device's version is kept as a draft copy, listed in /api/me/drafts", async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'สรุปเวทีประชาคม', body: 'ต้นฉบับ', tags: ['เวที'] });
    const phoneTag = (await client.get(`/api/notes/${id}`)).headers.get('etag')!;
    await patch(client, id, { body: 'ฉบับจากคอมพิวเตอร์' });

    const phone = await patch(client, id, { body: 'ฉบับที่เขียนในรถระหว่างกลับ' }, { 'if-match': phoneTag, 'x-keep-conflict': '1' });
    expect(phone.status).toBe(412);
    expect(phone.body.current.body).toBe('ฉบับจากคอมพิวเตอร์');
    const copyId = phone.body.conflictDraftId as number;
    expect(copyId).toBeGreaterThan(id);

    expect((await client.get(`/api/notes/${id}`)).body.body).toBe('ฉบับจากคอมพิวเตอร์');
    const copy = await client.get(`/api/notes/${copyId}`);
    expect(copy.body).toMatchObject({ status: 'draft', conflictOf: id, body: 'ฉบับที่เขียนในรถระหว่างกลับ', tags: ['เวที'] });
    expect(copy.body.title).toBe('สรุปเวทีประชาคม (ฉบับจากเครื่องนี้)');
    // A draft: nobody else reads it.
    expect((await clientFromNewAddress(server.baseUrl).get(`/api/notes/${copyId}`)).status).toBe(404);

    const drafts = await client.get('/api/me/drafts');
    expect(drafts.status).toBe(200);
    expect(drafts.body.items).toEqual([
      { id: copyId, title: 'สรุปเวทีประชาคม (ฉบับจากเครื่องนี้)', updatedAt: copy.body.updatedAt, conflictOf: id },
    ]);
  });

  it('a replayed edit (same Idempotency-Key) gets its first answer, not a false conflict', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client);
    const tag = (await client.get(`/api/notes/${id}`)).headers.get('etag')!;
    const headers = { 'if-match': tag, 'x-keep-conflict': '1', 'idempotency-key': randomUUID() };
    const first = await patch(client, id, { body: 'แก้จากโทรศัพท์' }, headers);
    const replay = await patch(client, id, { body: 'แก้จากโทรศัพท์' }, headers);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body.revision).toBe(2);
    expect((await client.get('/api/me/drafts')).body.items).toEqual([]);
  });

  it('an autosave is a new revision: the tag an editor started from no longer fits', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const created = await client.post('/api/drafts', { title: 'ร่างแรก', body: 'ก', tags: '' });
    expect(created.body.revision).toBe(1);
    const tag = (await client.get(`/api/notes/${created.body.id}`)).headers.get('etag')!;
    const autosave = await client.request('PUT', `/api/drafts/${created.body.id}`, { json: { title: 'ร่างแรก', body: 'กข', tags: '' } });
    expect(autosave.body.revision).toBe(2);
    expect((await patch(client, created.body.id, { body: 'จากเครื่องอื่น' }, { 'if-match': tag })).status).toBe(412);
  });
});

describe('GET /api/me/drafts', () => {
  it("lists the member's own drafts, newest edit first, and nothing published or of others", async () => {
    const { client } = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    await createNoteViaApi(other.client, { status: 'draft', title: 'ร่างของคนอื่น' });
    await createNoteViaApi(client, { title: 'เผยแพร่แล้ว' });
    const older = await createNoteViaApi(client, { status: 'draft', title: 'ร่างจากแบบฟอร์ม' });
    const autosaved = (await client.post('/api/drafts', { title: 'ร่างอัตโนมัติ', body: 'ก', tags: '' })).body.id as number;
    const deleted = await createNoteViaApi(client, { status: 'draft', title: 'ร่างที่ลบ' });
    await client.delete(`/api/notes/${deleted}`);

    const drafts = await client.get('/api/me/drafts');
    expect(drafts.body.items.map((d: { id: number }) => d.id)).toEqual([autosaved, older]);
    expect(drafts.body.items[1]).toEqual({
      id: older,
      title: 'ร่างจากแบบฟอร์ม',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      conflictOf: null,
    });
    expect((await clientFromNewAddress(server.baseUrl).get('/api/me/drafts')).status).toBe(401);
  });
});

describe('ETag and If-Match on the AAR API', () => {
  it('GET /api/aar/<id> sends the ETag; PUT from an older revision is a 412 and changes nothing', async () => {
    const { client, username } = await signedInClient(server.baseUrl);
    setRole(server, username, 'organiser');
    const district = (await clientFromNewAddress(server.baseUrl).get('/api/places/40')).body.districts[0];
    const place = { provinceCode: '40', districtCode: district.code, subdistrictCode: district.subdistricts[0].code };
    const aar = workshopAar(place);
    const id = (await client.post('/api/aar', aar)).body.id as number;
    const read = await client.get(`/api/aar/${id}`);
    expect(read.headers.get('etag')).toBe(`"n${id}-r1"`);

    const desk = await client.request('PUT', `/api/aar/${id}`, {
      json: { ...aar, expected: 'แก้จากคอมพิวเตอร์' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(desk.status).toBe(200);
    expect(desk.headers.get('etag')).toBe(`"n${id}-r2"`);
    const phone = await client.request('PUT', `/api/aar/${id}`, {
      json: { ...aar, expected: 'แก้จากโทรศัพท์' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(phone.status).toBe(412);
    expect(phone.body.current).toMatchObject({ revision: 2, title: desk.body.title });
    expect(phone.body.current.body).toContain('แก้จากคอมพิวเตอร์');
    expect((await client.get(`/api/aar/${id}`)).body.expected).toBe('แก้จากคอมพิวเตอร์');
  });

  it("with X-Keep-Conflict a stale AAR PUT keeps the device's AAR as a draft AAR copy, as for notes", async () => {
    const { client, username } = await signedInClient(server.baseUrl);
    setRole(server, username, 'organiser');
    const place = { provinceCode: '40', districtCode: '', subdistrictCode: '' };
    const aar = workshopAar(place, { eventTitle: 'เวทีติดตามแผนชุมชน' });
    const id = (await client.post('/api/aar', aar)).body.id as number;
    const phoneTag = (await client.get(`/api/aar/${id}`)).headers.get('etag')!;
    expect((await client.request('PUT', `/api/aar/${id}`, { json: { ...aar, expected: 'แก้ที่โต๊ะ' } })).status).toBe(200);

    const headers = { 'if-match': phoneTag, 'x-keep-conflict': '1', 'idempotency-key': randomUUID() };
    const json = { ...aar, expected: 'แก้ในหมู่บ้าน', lessons: 'บทเรียนจากโทรศัพท์' };
    const phone = await client.request('PUT', `/api/aar/${id}`, { json, headers });
    expect(phone.status).toBe(412);
    expect(phone.body.current.body).toContain('แก้ที่โต๊ะ');
    const copyId = phone.body.conflictDraftId as number;
    expect(copyId).toBeGreaterThan(id);
    // The web's AAR stays; the device's is a draft AAR of its author, marked as a copy.
    expect((await client.get(`/api/aar/${id}`)).body.expected).toBe('แก้ที่โต๊ะ');
    const copy = await client.get(`/api/aar/${copyId}`);
    expect(copy.body).toMatchObject({ status: 'draft', expected: 'แก้ในหมู่บ้าน', lessons: 'บทเรียนจากโทรศัพท์', provinceCode: '40' });
    expect(copy.body.title).toBe('เวทีติดตามแผนชุมชน (ฉบับจากเครื่องนี้)');
    expect((await client.get(`/api/notes/${copyId}`)).body.conflictOf).toBe(id);
    expect((await clientFromNewAddress(server.baseUrl).get(`/api/aar/${copyId}`)).status).toBe(404);
    expect((await client.get('/api/me/drafts')).body.items).toEqual([
      { id: copyId, title: 'เวทีติดตามแผนชุมชน (ฉบับจากเครื่องนี้)', updatedAt: expect.any(String), conflictOf: id },
    ]);
    // The outbox resends it after a lost answer: the first 412 again, no second copy.
    const again = await client.request('PUT', `/api/aar/${id}`, { json, headers });
    expect(again.status).toBe(412);
    expect(again.body.conflictDraftId).toBe(copyId);
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM notes WHERE conflict_of_id = ?', id)[0]!.n).toBe(1);
    // Without the header a stale PUT keeps nothing (as before).
    const plain = await client.request('PUT', `/api/aar/${id}`, { json, headers: { 'if-match': phoneTag } });
    expect(plain.status).toBe(412);
    expect(plain.body.conflictDraftId).toBeUndefined();
  });
});

describe('the web edit form', () => {
  const formOf = (title: string, body: string, baseRevision: string) => ({
    title,
    body,
    tags: '',
    licence: 'cc-by-4.0',
    status: 'published',
    baseRevision,
  });

  it('carries its base revision; a stale tab shows both versions in Thai and overwrites nothing', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'บันทึกเดิม', body: 'ต้นฉบับ' });
    const page = await client.get(`/notes/${id}/edit`);
    expect(page.text).toMatch(/<input type="hidden" name="baseRevision" value="1"/);

    // Another tab saves first.
    expect((await client.postForm(`/notes/${id}/edit`, formOf('บันทึกเดิม', 'แก้จากแท็บใหม่', '1'))).status).toBe(303);
    // The stale tab's save: 409, both versions on the page, nothing written.
    const stale = await client.postForm(`/notes/${id}/edit`, formOf('บันทึกเดิม', 'แก้จากแท็บเก่า', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('มีการแก้ไขบันทึกนี้จากที่อื่นหลังจากที่คุณเปิดหน้านี้');
    expect(stale.text).toMatch(/data-conflict-body[^>]*>แก้จากแท็บใหม่</);
    expect(stale.text).toMatch(/>แก้จากแท็บเก่า<\/textarea>/); // the member's own text, kept in the form
    expect(stale.text).toMatch(/name="baseRevision" value="2"/); // saving again means "use mine"
    expect((await client.get(`/api/notes/${id}`)).body.body).toBe('แก้จากแท็บใหม่');

    expect((await client.postForm(`/notes/${id}/edit`, formOf('บันทึกเดิม', 'แก้จากแท็บเก่า', '2'))).status).toBe(303);
    expect((await client.get(`/api/notes/${id}`)).body.body).toBe('แก้จากแท็บเก่า');
    // A form without the field (a page from before it existed) saves as before.
    const { baseRevision: _unused, ...withoutField } = formOf('บันทึกเดิม', 'ไม่มีฉบับฐาน', '');
    expect((await client.postForm(`/notes/${id}/edit`, withoutField)).status).toBe(303);
  });
});
