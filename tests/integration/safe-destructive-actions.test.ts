import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('deletes, hides and leaves ask first and can be undone', () => {
  it('the delete button leads to a confirm page that names the note and posts to the delete action', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกที่จะลบ' });
    const page = await author.client.get(`/notes/${id}`);
    expect(page.text).toMatch(
      new RegExp(`<form method="get" action="/confirm"[^>]*data-confirm><input type="hidden" name="do" value="/notes/${id}/delete">`),
    );
    const confirm = await author.client.get(`/confirm?do=/notes/${id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('ลบบันทึกนี้หรือไม่?');
    expect(confirm.text).toContain('“บันทึกที่จะลบ”');
    expect(confirm.text).toContain(`<form method="post" action="/notes/${id}/delete"`);
    expect(confirm.text).toMatch(new RegExp(`href="/notes/${id}">\\s*ยกเลิก\\s*</a>`));
    // Asking changes nothing.
    expect((await author.client.get(`/notes/${id}`)).status).toBe(200);
  });

  it('refuses to ask on behalf of someone who may not act, and for unknown actions', async () => {
    const author = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    expect((await other.client.get(`/confirm?do=/notes/${id}/delete`)).status).toBe(403);
    expect((await other.client.get(`/confirm?do=/notes/${id}/hide`)).status).toBe(403);
    expect((await other.client.get('/confirm?do=/admin/wipe')).status).toBe(404);
    expect((await other.client.get('/confirm?do=https://evil.example/notes/1/delete')).status).toBe(404);
    expect((await new TestClient(server.baseUrl).get(`/confirm?do=/notes/${id}/delete`)).status).toBe(303);
  });

  it('after deleting a note the profile offers เลิกทำ, which brings it back', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'ลบแล้วเสียดาย' });
    const deleted = await author.client.postForm(`/notes/${id}/delete`, {});
    expect(deleted.status).toBe(303);
    const profile = await author.client.get(deleted.headers.get('location')!);
    expect(profile.text).toContain('ลบบันทึก “ลบแล้วเสียดาย” แล้ว');
    expect(profile.text).toContain(`action="/notes/${id}/undelete"`);
    expect((await author.client.get(`/notes/${id}`)).status).toBe(410);
    const undo = await author.client.postForm(`/notes/${id}/undelete`, {});
    expect(undo.status).toBe(303);
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}`)).status).toBe(200);
  });

  it("an author cannot undo a moderator's delete; another member cannot undo at all", async () => {
    const author = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const id = await createNoteViaApi(author.client);
    expect((await mod.client.postForm(`/notes/${id}/delete`, {})).status).toBe(303);
    expect((await author.client.postForm(`/notes/${id}/undelete`, {})).status).toBe(403);
    expect((await other.client.postForm(`/notes/${id}/undelete`, {})).status).toBe(403);
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}`)).status).toBe(410);
    expect((await mod.client.postForm(`/notes/${id}/undelete`, {})).status).toBe(303);
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}`)).status).toBe(200);
  });

  it('a deleted comment keeps a เลิกทำ placeholder for its author only, and undo restores it', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const comment = await reader.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็นที่กดลบพลาด' });
    expect(comment.status).toBe(201);
    const cid = comment.body.id as number;
    const confirm = await reader.client.get(`/confirm?do=/comments/${cid}/delete`);
    expect(confirm.text).toContain('ลบความเห็นนี้หรือไม่?');
    const deleted = await reader.client.postForm(`/comments/${cid}/delete`, {});
    expect(deleted.headers.get('location')).toBe(`/notes/${id}#comment-${cid}`);
    const readerPage = await reader.client.get(`/notes/${id}`);
    expect(readerPage.text).toContain(`action="/comments/${cid}/undelete"`);
    expect(readerPage.text).not.toContain('ความเห็นที่กดลบพลาด');
    const authorPage = await author.client.get(`/notes/${id}`);
    expect(authorPage.text).not.toContain(`/comments/${cid}/undelete`);
    expect((await author.client.postForm(`/comments/${cid}/undelete`, {})).status).toBe(403);
    expect((await reader.client.postForm(`/comments/${cid}/undelete`, {})).status).toBe(303);
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}`)).text).toContain('ความเห็นที่กดลบพลาด');
  });

  it('leaving a community asks first on its own page', async () => {
    const member = await signedInClient(server.baseUrl);
    const owner = await signedInClient(server.baseUrl);
    const created = await owner.client.post('/api/communities', { name: `ชุมชนทดสอบออก ${owner.username}` });
    expect(created.status).toBe(201);
    const slug = created.body.slug as string;
    const path = `/communities/${encodeURIComponent(slug)}`;
    expect((await member.client.postForm(`${path}/membership`, { action: 'join' })).status).toBe(303);
    const page = await member.client.get(path);
    expect(page.text).toContain(`name="do" value="${path}/membership"`);
    const confirm = await member.client.get(`/confirm?do=${encodeURIComponent(`${path}/membership`)}`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('ออกจากชุมชน');
    expect(confirm.text).toContain('name="action" value="leave"');
  });

  it('joining says so and names the next step; the filing box separates name and button and never tells a member to join first', async () => {
    const owner = await signedInClient(server.baseUrl);
    const writer = await signedInClient(server.baseUrl);
    const created = await owner.client.post('/api/communities', { name: `ชุมชนคนทำแผน ${owner.username}` });
    const path = `/communities/${encodeURIComponent(created.body.slug)}`;
    const joined = await writer.client.postForm(`${path}/membership`, { action: 'join' });
    expect(joined.headers.get('location')).toBe(`${path}?joined=1`);
    const page = await writer.client.get(joined.headers.get('location')!);
    expect(page.text).toContain('คุณเป็นสมาชิกของชุมชน');
    expect(page.text).toContain('ขั้นต่อไป');
    const id = await createNoteViaApi(writer.client);
    expect((await writer.client.postForm(`/notes/${id}/communities`, { action: 'add', community: created.body.slug })).status).toBe(303);
    const note = await writer.client.get(`/notes/${id}`);
    expect(note.text).toContain('<li class="filed-community">');
    expect(note.text).toMatch(/>\s*นำออก\s*<span class="visually-hidden"> จากชุมชน /);
    expect(note.text).not.toContain('aria-label="นำออกจาก');
    expect(note.text).toContain('บันทึกนี้อยู่ในทุกชุมชนที่คุณเป็นสมาชิกแล้ว');
    expect(note.text).not.toContain('แล้วจึงส่งบันทึกเข้าชุมชนได้');
  });
});
