import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { setRole } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

let counter = 0;
const uniqueName = (base: string) => `${base} ${++counter}`;

describe('communities of practice', () => {
  it('any member creates one and owns it; names are checked in Thai', async () => {
    const owner = await signedInClient(server.baseUrl);
    const name = uniqueName('เครือข่ายกองทุนสวัสดิการ');
    const created = await owner.client.post('/api/communities', { name, description: 'แลกเปลี่ยนเรื่องกองทุน' });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe(name.replace(/ /g, '-'));
    const page = await clientFromNewAddress(server.baseUrl).get(created.body.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain(name);
    expect(page.text).toContain('สมาชิก 1 คน');
    expect(page.text).toContain('เจ้าของ');

    const duplicate = await owner.client.post('/api/communities', { name });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.fields.name).toContain('มีชุมชนชื่อนี้แล้ว');
    const short = await owner.client.post('/api/communities', { name: 'ก' });
    expect(short.status).toBe(400);
    expect(short.body.fields.name).toContain('อย่างน้อย 3');
    expect((await clientFromNewAddress(server.baseUrl).post('/api/communities', { name: uniqueName('ไม่ได้เข้าระบบ') })).status).toBe(401);
  });

  it('members join and leave, file their own notes into several communities, and the owner removes notes', async () => {
    const owner = await signedInClient(server.baseUrl);
    const first = (await owner.client.post('/api/communities', { name: uniqueName('ชุมชนแผนชุมชน') })).body;
    const second = (await owner.client.post('/api/communities', { name: uniqueName('ชุมชน อสม') })).body;
    const writer = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกเข้าชุมชน' });
    const othersNote = await createNoteViaApi(owner.client, { title: 'บันทึกของเจ้าของ' });

    const notMember = await writer.client.post(`/api/communities/${encodeURIComponent(first.slug)}/notes`, { noteId });
    expect(notMember.status).toBe(403);
    expect(notMember.body.error).toContain('เข้าร่วมชุมชน');
    expect((await writer.client.post(`/api/communities/${encodeURIComponent(first.slug)}/membership`)).status).toBe(200);
    expect((await writer.client.post(`/api/communities/${encodeURIComponent(second.slug)}/membership`)).status).toBe(200);
    const notAuthor = await writer.client.post(`/api/communities/${encodeURIComponent(first.slug)}/notes`, { noteId: othersNote });
    expect(notAuthor.status).toBe(403);
    expect(notAuthor.body.error).toContain('เฉพาะบันทึกของตนเอง');
    expect((await writer.client.post(`/api/communities/${encodeURIComponent(first.slug)}/notes`, { noteId })).status).toBe(201);
    // Filed through the note page form into the second community.
    const filed = await writer.client.postForm(`/notes/${noteId}/communities`, { community: second.slug, action: 'add' });
    expect(filed.status).toBe(303);

    const info = await writer.client.get(`/api/communities/${encodeURIComponent(first.slug)}`);
    expect(info.body.members.map((m: any) => m.username)).toEqual([writer.username, owner.username]); // newest first
    expect(info.body.isMember).toBe(true);
    for (const slug of [first.slug, second.slug]) {
      const page = await clientFromNewAddress(server.baseUrl).get(`/communities/${encodeURIComponent(slug)}`);
      expect(page.text).toContain('บันทึกเข้าชุมชน');
    }
    const notePage = await writer.client.get(`/notes/${noteId}`);
    expect(notePage.text).toContain('id="note-communities"');

    const stranger = await signedInClient(server.baseUrl);
    expect((await stranger.client.delete(`/api/communities/${encodeURIComponent(first.slug)}/notes/${noteId}`)).status).toBe(403);
    const removed = await owner.client.postForm(`/communities/${encodeURIComponent(first.slug)}/notes/${noteId}/remove`, {});
    expect(removed.status).toBe(303);
    expect((await clientFromNewAddress(server.baseUrl).get(`/communities/${encodeURIComponent(first.slug)}`)).text).not.toContain(
      'บันทึกเข้าชุมชน',
    );
    expect((await clientFromNewAddress(server.baseUrl).get(`/communities/${encodeURIComponent(second.slug)}`)).text).toContain(
      'บันทึกเข้าชุมชน',
    );

    const ownerLeaves = await owner.client.delete(`/api/communities/${encodeURIComponent(first.slug)}/membership`);
    expect(ownerLeaves.status).toBe(409);
    expect(ownerLeaves.body.error).toContain('เจ้าของชุมชน');
    expect((await writer.client.postForm(`/communities/${encodeURIComponent(first.slug)}/membership`, { action: 'leave' })).status).toBe(
      303,
    );
    const after = await owner.client.get(`/api/communities/${encodeURIComponent(first.slug)}`);
    expect(after.body.members.map((m: any) => m.username)).toEqual([owner.username]);
    expect(after.body.memberCount).toBe(1);
  });

  it('a moderator may remove a note; a suspended or signed-out person may not join', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = (await owner.client.post('/api/communities', { name: uniqueName('ชุมชนทดสอบผู้ดูแล') })).body;
    const noteId = await createNoteViaApi(owner.client);
    await owner.client.post(`/api/communities/${encodeURIComponent(c.slug)}/notes`, { noteId });
    const moderator = await signedInClient(server.baseUrl);
    setRole(server, moderator.username, 'moderator');
    expect((await moderator.client.delete(`/api/communities/${encodeURIComponent(c.slug)}/notes/${noteId}`)).status).toBe(200);
    const anon = clientFromNewAddress(server.baseUrl);
    expect((await anon.post(`/api/communities/${encodeURIComponent(c.slug)}/membership`)).status).toBe(401);
    const formJoin = await anon.postForm(`/communities/${encodeURIComponent(c.slug)}/membership`, { action: 'join' });
    expect(formJoin.status).toBe(303);
    expect(formJoin.headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await anon.get('/communities/ไม่มีชุมชนนี้')).status).toBe(404);
  });
});
