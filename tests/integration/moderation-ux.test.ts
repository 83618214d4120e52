import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ NEW_ACCOUNT_COMMENT_APPROVALS: '1' });
});
afterAll(async () => {
  await server?.stop();
});

describe('approval holds strangers, not the conversation', () => {
  it("a new author's comment and reply under their own note are never held", async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'reader');
    const id = await createNoteViaApi(author.client);
    const question = await reader.client.post(`/api/notes/${id}/comments`, { body: 'ถามหน่อยครับ' });
    expect(question.body.pending).toBe(false);
    const answer = await author.client.post(`/api/notes/${id}/comments`, { body: 'ตอบครับ', parentId: question.body.id });
    expect(answer.status).toBe(201);
    expect(answer.body.pending).toBe(false);
    const own = await author.client.post(`/api/notes/${id}/comments`, { body: 'เพิ่มเติมจากผู้เขียน' });
    expect(own.body.pending).toBe(false);
  });

  it('replies inside a thread a newcomer started are not held, but their first comment elsewhere is', async () => {
    const noteAuthor = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'host');
    const newcomer = await signedInClient(server.baseUrl);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const id = await createNoteViaApi(noteAuthor.client);
    const first = await newcomer.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็นแรกของมือใหม่' });
    expect(first.body.pending).toBe(true);
    expect((await mod.client.postForm(`/comments/${first.body.id}/approve`, {})).status).toBe(303);
    const reply = await noteAuthor.client.post(`/api/notes/${id}/comments`, { body: 'ขอบคุณครับ', parentId: first.body.id });
    const followUp = await newcomer.client.post(`/api/notes/${id}/comments`, { body: 'ยินดีครับ', parentId: reply.body.id });
    expect(followUp.body.pending).toBe(false);
  });

  it('the queue link shows the count, and the member is told when their held comment is approved', async () => {
    const noteAuthor = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'writer');
    const newcomer = await signedInClient(server.baseUrl);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const id = await createNoteViaApi(noteAuthor.client);
    const before = Number(/id="queue-count">(\d+)</.exec((await mod.client.get('/')).text)?.[1] ?? '0');
    const held = await newcomer.client.post(`/api/notes/${id}/comments`, { body: 'รอการอนุมัติ' });
    expect(held.body.pending).toBe(true);
    const page = await mod.client.get('/');
    expect(page.text).toMatch(
      /<a href="\/moderation" id="moderation-link">คิวตรวจสอบ <span class="unread-badge"><span id="queue-count">\d+<\/span>/,
    );
    expect(Number(/id="queue-count">(\d+)</.exec(page.text)?.[1])).toBe(before + 1);
    // A note page, through the signed-in fast path, shows the same count.
    expect((await mod.client.get(`/notes/${id}`)).text).toContain(`id="queue-count">${before + 1}<`);
    expect((await mod.client.postForm(`/comments/${held.body.id}/approve`, {})).status).toBe(303);
    const inbox = await newcomer.client.get('/api/notifications');
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain('approved');
    expect((await newcomer.client.get('/notifications')).text).toContain('อนุมัติความเห็นของคุณแล้ว');
  });
});
