import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function notificationsOf(client: TestClient) {
  const res = await client.get('/api/notifications');
  expect(res.status).toBe(200);
  return res.body as {
    unread: number;
    items: { id: number; kind: string; read: boolean; actor: { username: string }; note: { id: number } }[];
  };
}

describe('notifications', () => {
  it('a comment on my note, a reply to my comment and a mention each notify once, with an unread count in the header', async () => {
    const author = await signedInClient(server.baseUrl);
    const commenter = await signedInClient(server.baseUrl);
    const third = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client);

    const first = await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณสำหรับบันทึกครับ' });
    let inbox = await notificationsOf(author.client);
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'comment', read: false, actor: { username: commenter.username }, note: { id: noteId } });
    expect((await notificationsOf(commenter.client)).unread).toBe(0); // nobody is told about their own comment
    const header = await author.client.get('/');
    expect(header.text).toMatch(/id="unread-count">1</);

    await author.client.post(`/api/notes/${noteId}/comments`, { body: `ยินดีครับ ฝากถึง @${third.username} ด้วย`, parentId: first.body.id });
    const replyInbox = await notificationsOf(commenter.client);
    expect(replyInbox.items.map((n) => n.kind)).toEqual(['reply']);
    expect((await notificationsOf(third.client)).items.map((n) => n.kind)).toEqual(['mention']);
    expect((await notificationsOf(author.client)).unread).toBe(1);

    // The note's author mentioned in a comment on their own note is told once, as a comment.
    await third.client.post(`/api/notes/${noteId}/comments`, { body: `@${author.username} เห็นด้วยค่ะ` });
    inbox = await notificationsOf(author.client);
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map((n) => n.kind)).toEqual(['comment', 'comment']);

    // Mark one read through the page's button, then the rest through the API.
    const open = await author.client.postForm(`/notifications/${inbox.items[0]!.id}/open`, {});
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toMatch(new RegExp(`^/notes/${noteId}#comment-\\d+$`));
    expect((await notificationsOf(author.client)).unread).toBe(1);
    const read = await author.client.post('/api/notifications/read', {});
    expect(read.body).toMatchObject({ changed: 1, unread: 0 });
    expect((await author.client.get('/')).text).not.toContain('id="unread-count"');
    // Someone else's notification cannot be opened.
    expect((await commenter.client.postForm(`/notifications/${inbox.items[0]!.id}/open`, {})).status).toBe(404);
  });

  it('a kind turned off is not created; a deleted comment drops out of the count', async () => {
    const author = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client);
    const saved = await author.client.postForm('/notifications/settings', {
      'notify-reply': 'on',
      'notify-mention': 'on',
      'notify-approved': 'on',
      'notify-community-invitation': 'on',
      'notify-join-request': 'on',
      'notify-join-approved': 'on',
      'notify-join-declined': 'on',
      'notify-watch': 'on',
      'notify-appreciation': 'on',
      'notify-moderation': 'on',
      'notify-question-reminder': 'on',
    });
    expect(saved.status).toBe(303);
    expect((await author.client.get('/api/notifications/settings')).body.muted).toEqual(['comment']);
    await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่ไม่ต้องแจ้ง' });
    expect((await notificationsOf(author.client)).unread).toBe(0);

    expect((await author.client.request('PUT', '/api/notifications/settings', { json: { muted: ['ทุกอย่าง'] } })).status).toBe(400);
    await author.client.request('PUT', '/api/notifications/settings', { json: { muted: [] } });
    const comment = await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่แจ้ง' });
    expect((await notificationsOf(author.client)).unread).toBe(1);
    await other.client.delete(`/api/comments/${comment.body.id}`);
    expect((await notificationsOf(author.client)).unread).toBe(0);
  });
});

describe('follow and my feed', () => {
  it('a member follows a community, sees its new notes in the feed, and is notified of replies', async () => {
    const owner = await signedInClient(server.baseUrl);
    const community = (await owner.client.post('/api/communities', { name: 'ชุมชนคนทำแผนชุมชน' })).body;
    const reader = await signedInClient(server.baseUrl);
    const follow = await reader.client.postForm(`/communities/${encodeURIComponent(community.slug)}/follow`, { action: 'follow' });
    expect(follow.status).toBe(303);
    expect((await reader.client.get(`/api/communities/${encodeURIComponent(community.slug)}`)).body).toMatchObject({
      isFollowing: true,
      isMember: false,
    });

    const noteId = await createNoteViaApi(owner.client, { title: 'บันทึกใหม่ในชุมชนที่ติดตาม' });
    expect((await reader.client.get('/feed')).text).not.toContain('บันทึกใหม่ในชุมชนที่ติดตาม');
    await owner.client.post(`/api/communities/${encodeURIComponent(community.slug)}/notes`, { noteId });
    const feed = await reader.client.get('/feed');
    expect(feed.text).toContain('บันทึกใหม่ในชุมชนที่ติดตาม');

    const comment = await reader.client.post(`/api/notes/${noteId}/comments`, { body: 'อยากทราบรายละเอียดเพิ่มครับ' });
    await owner.client.post(`/api/notes/${noteId}/comments`, { body: 'ได้เลยครับ', parentId: comment.body.id });
    const inbox = await notificationsOf(reader.client);
    expect(inbox.items[0]).toMatchObject({ kind: 'reply', actor: { username: owner.username } });
    expect((await reader.client.get('/notifications')).text).toContain('ตอบความเห็นของคุณ');
  });

  it('following a person brings their notes into the feed until unfollowed; nobody follows themself', async () => {
    const writer = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    await createNoteViaApi(writer.client, { title: 'บันทึกของคนที่ติดตาม' });
    expect((await reader.client.postForm(`/u/${writer.username}/follow`, { action: 'follow' })).status).toBe(303);
    expect((await reader.client.get(`/u/${writer.username}`)).text).toContain('เลิกติดตาม');
    expect((await writer.client.get(`/u/${writer.username}`)).text).toContain('ผู้ติดตาม 1 คน');
    expect((await reader.client.get('/api/feed')).body.items.map((n: any) => n.title)).toContain('บันทึกของคนที่ติดตาม');
    await reader.client.delete(`/api/users/${writer.username}/follow`);
    expect((await reader.client.get('/api/feed')).body.total).toBe(0);
    const self = await writer.client.post(`/api/users/${writer.username}/follow`);
    expect(self.status).toBe(400);
    expect(self.body.error).toBe('ติดตามตนเองไม่ได้');
    expect((await reader.client.post('/api/users/nobody-here/follow')).status).toBe(404);
  });
});
