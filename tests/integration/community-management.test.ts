/**
 * Communities organisers can run (issue 14): join policies through the API and the forms,
 * invitations by username and by link (expired and revoked ones refused), managers approving
 * requests, archiving, renaming, pins, hand-over, and the audit log of every action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { queryDb } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Account = Awaited<ReturnType<typeof signedInClient>>;
let counter = 0;
async function newCommunity(owner: Account, joinPolicy?: string) {
  counter += 1;
  const res = await owner.client.post('/api/communities', {
    name: `เครือข่าย ${joinPolicy ?? 'เปิด'} ${process.pid} ${counter}`,
    ...(joinPolicy ? { joinPolicy } : {}),
  });
  expect(res.status).toBe(201);
  const slug = res.body.slug as string;
  return { slug, api: `/api/communities/${encodeURIComponent(slug)}`, page: `/communities/${encodeURIComponent(slug)}` };
}
const notificationsOf = async (account: Account) =>
  (await account.client.get('/api/notifications')).body.items as { kind: string; community: { slug: string } | null; note: unknown }[];
const memberNames = async (api: string) =>
  (await new TestClient(server.baseUrl).get(api)).body.members as { username: string; role: string }[];
const auditOf = (slug: string) =>
  queryDb<{ action: string; detail: string }>(
    server,
    `SELECT a.action, a.detail FROM audit_log a JOIN communities c ON c.id = a.target_id WHERE a.target_type = 'community' AND c.slug = ? ORDER BY a.id`,
    slug,
  );

describe('join policies through the API', () => {
  it('open: joins at once ({status: "member"}); the default policy is open', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    expect((await owner.client.get(c.api)).body.joinPolicy).toBe('open');
    const member = await signedInClient(server.baseUrl);
    const joined = await member.client.post(`${c.api}/membership`, {});
    expect(joined.status).toBe(200);
    expect(joined.body.status).toBe('member');
    expect((await memberNames(c.api)).map((m) => m.username)).toContain(member.username);
  });

  it('request: the requester waits; a manager approves or declines and the requester is told; a non-manager cannot', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner, 'request');
    const alice = await signedInClient(server.baseUrl);
    const bob = await signedInClient(server.baseUrl);
    const asked = await alice.client.post(`${c.api}/membership`, {});
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('requested');
    expect((await bob.client.post(`${c.api}/membership`)).body.status).toBe('requested');
    expect((await memberNames(c.api)).map((m) => m.username)).not.toContain(alice.username);
    expect((await notificationsOf(owner)).filter((n) => n.kind === 'join-request')).toHaveLength(2);

    // A plain member (not a manager) can neither list nor answer requests.
    const plain = await signedInClient(server.baseUrl);
    await owner.client.post(`${c.api}/invitations`, { username: plain.username });
    expect((await plain.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
    expect((await plain.client.post(`${c.api}/requests`, { username: alice.username, decision: 'approve' })).status).toBe(403);
    expect((await plain.client.get(`${c.api}/requests`)).status).toBe(403);

    // The owner names a manager, who approves Alice and declines Bob.
    expect((await owner.client.request('PUT', `${c.api}/managers/${plain.username}`)).status).toBe(200);
    expect((await plain.client.get(`${c.api}/requests`)).body.map((r: { username: string }) => r.username)).toEqual([
      alice.username,
      bob.username,
    ]);
    expect((await plain.client.post(`${c.api}/requests`, { username: alice.username, decision: 'approve' })).body.status).toBe('member');
    expect((await plain.client.post(`${c.api}/requests`, { username: bob.username, decision: 'decline' })).body.status).toBe('declined');
    expect((await plain.client.post(`${c.api}/requests`, { username: bob.username, decision: 'approve' })).status).toBe(404);
    const members = await memberNames(c.api);
    expect(members.map((m) => m.username)).toContain(alice.username);
    expect(members.map((m) => m.username)).not.toContain(bob.username);
    expect(members.find((m) => m.username === plain.username)?.role).toBe('manager');
    expect((await notificationsOf(alice)).map((n) => n.kind)).toContain('join-approved');
    const bobHears = await notificationsOf(bob);
    expect(bobHears[0]).toMatchObject({ kind: 'join-declined', community: { slug: c.slug }, note: null });
    const inbox = await bob.client.get('/notifications');
    expect(inbox.text).toContain('ไม่อนุมัติคำขอเข้าร่วมชุมชนของคุณ');
    const notificationId = /data-notification-id="(\d+)"/.exec(inbox.text)![1];
    const opened = await bob.client.postForm(`/notifications/${notificationId}/open`, {});
    expect(opened.headers.get('location')).toBe(c.page);
    expect((await bob.client.get('/api/notifications')).body.unread).toBe(0);
    expect(auditOf(c.slug).map((a) => a.action)).toEqual(
      expect.arrayContaining(['community:add-manager', 'community:approve-member', 'community:decline-member']),
    );
  });

  it('invite: 403 without an invitation; an invitation by username is notified and lets that member in', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner, 'invite');
    const guest = await signedInClient(server.baseUrl);
    const refused = await guest.client.post(`${c.api}/membership`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('เฉพาะผู้ได้รับเชิญ');
    const invited = await owner.client.post(`${c.api}/invitations`, { username: guest.username });
    expect(invited.status).toBe(201);
    expect(Object.keys(invited.body).sort()).toEqual(['expiresAt', 'id', 'token', 'url']);
    const notice = (await notificationsOf(guest))[0]!;
    expect(notice).toMatchObject({ kind: 'community-invitation', community: { slug: c.slug } });
    expect((await guest.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
    // Unknown usernames and members already in are refused with a Thai message.
    expect((await owner.client.post(`${c.api}/invitations`, { username: 'nobody-here' })).status).toBe(404);
    expect((await owner.client.post(`${c.api}/invitations`, { username: guest.username })).status).toBe(409);
  });

  it('invitation links expire after 7 days, count their uses, and stop working when revoked or expired', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner, 'invite');
    const before = Date.now();
    const link = await owner.client.post(`${c.api}/invitations`, {});
    expect(link.status).toBe(201);
    const { url, token, expiresAt, id } = link.body as { url: string; token: string; expiresAt: string; id: number };
    // The link is the short form (issue 24); it leads to the join page that accepts the token.
    expect(new URL(url).pathname).toBe(`/i/${token}`);
    const shortLink = await owner.client.get(`/i/${token}`);
    expect(shortLink.status).toBe(302);
    expect(shortLink.headers.get('location')).toContain(`/join?invitation=${token}`);
    const ttl = new Date(expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThan(7 * 86_400_000 + 60_000);

    for (let i = 0; i < 2; i++) {
      const newcomer = await signedInClient(server.baseUrl);
      expect((await newcomer.client.post(`${c.api}/membership`, { invitation: token })).body.status).toBe('member');
    }
    expect((await owner.client.get(`${c.api}/invitations`)).body[0]).toMatchObject({ id, useCount: 2, revoked: false });

    const wrong = await signedInClient(server.baseUrl);
    expect((await wrong.client.post(`${c.api}/membership`, { invitation: 'not-a-real-token' })).status).toBe(403);

    expect((await owner.client.delete(`${c.api}/invitations/${id}`)).status).toBe(200);
    const late = await signedInClient(server.baseUrl);
    const revoked = await late.client.post(`${c.api}/membership`, { invitation: token });
    expect(revoked.status).toBe(403);
    expect(revoked.body.error).toContain('หมดอายุ ถูกยกเลิก');

    // A link invitation has no fields: no body at all, or an empty JSON one, is the same as {}.
    const bare = await owner.client.request('POST', `${c.api}/invitations`);
    expect(bare.status).toBe(201);
    expect(bare.body).toMatchObject({
      url: expect.stringMatching(/\/i\/[^/]+$/),
      token: expect.any(String),
      expiresAt: expect.any(String),
    });
    const emptyJson = await owner.client.request('POST', `${c.api}/invitations`, {
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(emptyJson.status).toBe(201);
    const notJson = await owner.client.request('POST', `${c.api}/invitations`, {
      body: 'username=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    expect(notJson.body.error).toContain('JSON');
    for (const made of [bare, emptyJson]) expect((await owner.client.delete(`${c.api}/invitations/${made.body.id}`)).status).toBe(200);

    const second = (await owner.client.post(`${c.api}/invitations`, {})).body as { token: string; id: number };
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE community_invitations SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, second.id),
    );
    expect((await late.client.post(`${c.api}/membership`, { invitation: second.token })).status).toBe(403);
    expect((await memberNames(c.api)).map((m) => m.username)).not.toContain(late.username);
    expect(auditOf(c.slug).map((a) => a.action)).toEqual([
      'community:create',
      'community:invite',
      'community:revoke-invitation',
      ...['community:invite', 'community:invite', 'community:revoke-invitation', 'community:revoke-invitation'],
      'community:invite',
    ]);
  });
});

describe('join policies through the forms', () => {
  it('open joins, request asks, invite refuses without and accepts with the link; a manager approves on the manage page', async () => {
    const owner = await signedInClient(server.baseUrl);
    const open = await newCommunity(owner);
    const request = await newCommunity(owner, 'request');
    const invite = await newCommunity(owner, 'invite');
    const created = await owner.client.postForm('/communities/new', {
      name: `ชุมชนจากฟอร์ม ${process.pid}`,
      description: '',
      joinPolicy: 'request',
    });
    expect(created.status).toBe(303);
    const formCommunity = await owner.client.get(`/api${created.headers.get('location')}`);
    expect(formCommunity.body.joinPolicy).toBe('request');

    const person = await signedInClient(server.baseUrl);
    const joined = await person.client.postForm(`${open.page}/membership`, { action: 'join' });
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toContain('joined=1');

    const asked = await person.client.postForm(`${request.page}/membership`, { action: 'join' });
    expect(asked.headers.get('location')).toContain('requested=1');
    const waiting = await person.client.get(request.page);
    expect(waiting.text).toContain('id="request-pending"');
    expect(waiting.text).toContain('บันทึกในชุมชนเป็นสาธารณะ');

    const manage = await owner.client.get(`${request.page}/manage`);
    expect(manage.status).toBe(200);
    expect(manage.text).toContain(`data-username="${person.username}"`);
    expect((await person.client.get(`${request.page}/manage`)).status).toBe(403);
    const approved = await owner.client.postForm(`${request.page}/manage`, { action: 'approve', username: person.username });
    expect(approved.status).toBe(200);
    expect(approved.text).toContain(`รับ @${person.username} เป็นสมาชิกแล้ว`);
    expect((await memberNames(request.api)).map((m) => m.username)).toContain(person.username);

    const refused = await person.client.postForm(`${invite.page}/membership`, { action: 'join' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('เฉพาะผู้ได้รับเชิญ');
    const linkPage = await owner.client.postForm(`${invite.page}/manage`, { action: 'invite-link' });
    const url =
      /id="invitation-url"[^>]*value="([^"]+)"/.exec(linkPage.text)?.[1] ??
      /value="([^"]+)"[^>]*id="invitation-url"/.exec(linkPage.text)?.[1];
    expect(url).toBeTruthy();
    const shortLink = await person.client.get(new URL(url!.replace(/&amp;/g, '&')).pathname);
    expect(shortLink.status).toBe(302);
    const joinPage = new URL(shortLink.headers.get('location')!, server.baseUrl);
    const landing = await person.client.get(joinPage.pathname + joinPage.search);
    expect(landing.status).toBe(200);
    const token = /name="invitation" value="([^"]+)"/.exec(landing.text)?.[1];
    expect(
      (await person.client.postForm(`${invite.page}/membership`, { action: 'join', invitation: token! })).headers.get('location'),
    ).toContain('joined=1');
    expect((await memberNames(invite.api)).map((m) => m.username)).toContain(person.username);
  });
});

describe('running a community', () => {
  it('archiving blocks writes and keeps reads; un-archiving opens it again', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    const member = await signedInClient(server.baseUrl);
    await member.client.post(`${c.api}/membership`, {});
    const noteId = await createNoteViaApi(member.client, { title: 'บันทึกก่อนเก็บเข้าคลัง' });
    expect((await member.client.post(`${c.api}/notes`, { noteId })).status).toBe(201);
    expect((await member.client.patch(c.api, { archived: true })).status).toBe(403);
    const archived = await owner.client.patch(c.api, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);

    const page = await new TestClient(server.baseUrl).get(c.page);
    expect(page.status).toBe(200);
    expect(page.text).toContain('บันทึกก่อนเก็บเข้าคลัง');
    expect(page.text).toContain('id="archived-notice"');
    const outsider = await signedInClient(server.baseUrl);
    expect((await outsider.client.post(`${c.api}/membership`, {})).status).toBe(403);
    const another = await createNoteViaApi(member.client);
    expect((await member.client.post(`${c.api}/notes`, { noteId: another })).status).toBe(403);
    expect((await owner.client.patch(c.api, { name: 'ชื่อใหม่ระหว่างเก็บ' })).status).toBe(409);
    expect((await owner.client.post(`${c.api}/invitations`, {})).status).toBe(403);
    expect((await owner.client.request('PUT', `${c.api}/notes/${noteId}/pin`)).status).toBe(403);
    expect((await member.client.post('/api/events', { title: 'เวทีในคลัง', startDate: '2026-01-10', communitySlug: c.slug })).status).toBe(
      403,
    );
    expect((await owner.client.delete(`${c.api}/notes/${noteId}`)).status).toBe(403);

    expect((await owner.client.patch(c.api, { archived: false })).status).toBe(200);
    expect((await outsider.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
    expect(auditOf(c.slug).map((a) => a.action)).toEqual(['community:create', 'community:archive', 'community:unarchive']);
  });

  it('rename keeps the slug; joinPolicy changes; pins stop at 3; the owner leaves only after handing over; all audited', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    const renamed = await owner.client.patch(c.api, {
      name: `ชื่อใหม่ ${process.pid} ${counter}`,
      description: 'คำอธิบายใหม่',
      joinPolicy: 'request',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.slug).toBe(c.slug);
    expect(renamed.body.joinPolicy).toBe('request');
    expect((await new TestClient(server.baseUrl).get(c.page)).text).toContain('คำอธิบายใหม่');
    expect((await owner.client.patch(c.api, { joinPolicy: 'closed' })).status).toBe(400);

    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await createNoteViaApi(owner.client, { title: `บันทึกปักหมุด ${i}` });
      await owner.client.post(`${c.api}/notes`, { noteId: id });
      ids.push(id);
    }
    for (const id of ids.slice(0, 3)) expect((await owner.client.request('PUT', `${c.api}/notes/${id}/pin`)).status).toBe(200);
    const fourth = await owner.client.request('PUT', `${c.api}/notes/${ids[3]}/pin`);
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toContain('ไม่เกิน 3');
    const page = await new TestClient(server.baseUrl).get(c.page);
    expect(page.text.indexOf('id="pinned-notes"')).toBeGreaterThan(-1);
    expect((await owner.client.request('DELETE', `${c.api}/notes/${ids[0]}/pin`)).status).toBe(200);
    expect((await owner.client.request('PUT', `${c.api}/notes/${ids[3]}/pin`)).status).toBe(200);

    const heir = await signedInClient(server.baseUrl);
    expect((await owner.client.post(`${c.api}/owner`, { username: heir.username })).status).toBe(409); // not a member yet
    const leave = await owner.client.delete(`${c.api}/membership`);
    expect(leave.status).toBe(409);
    expect(leave.body.error).toContain('ส่งมอบ');
    await owner.client.post(`${c.api}/invitations`, { username: heir.username });
    await heir.client.post(`${c.api}/membership`, {});
    expect((await owner.client.post(`${c.api}/owner`, { username: heir.username })).status).toBe(200);
    expect((await owner.client.get(c.api)).body.ownerId).toBe(heir.id);
    expect((await owner.client.patch(c.api, { description: 'ไม่ใช่เจ้าของแล้ว' })).status).toBe(403);
    expect((await owner.client.delete(`${c.api}/membership`)).status).toBe(200);

    expect(auditOf(c.slug).map((a) => a.action)).toEqual([
      'community:create',
      'community:update',
      'community:pin-note',
      'community:pin-note',
      'community:pin-note',
      'community:unpin-note',
      'community:pin-note',
      'community:invite',
      'community:hand-over',
    ]);
    const manage = await heir.client.get(`${c.page}/manage`);
    expect(manage.text).toContain('ส่งมอบความเป็นเจ้าของชุมชน');
  });
});
