/**
 * Issue 24, point 7: links people can share. Invitation links are short ASCII paths (/i/<token>,
 * at most 48 characters) that lead to the join page; the old long links keep working. Invitations,
 * events and notes offer "คัดลอกลิงก์" and "แชร์ไป LINE"; community addresses are shown decoded.
 */
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

const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
const LONG_NAME = 'เครือข่ายกองทุนสวัสดิการชุมชนตำบลท่าศาลาจังหวัดนครศรีธรรมราช';

/** The share box of a page: its link, the LINE share link and the copy button. */
function shareBox(html: string, id: string) {
  const box = new RegExp(`<div class="share-links" data-share-url="([^"]+)"[^>]*id="${id}">([\\s\\S]*?)</div>`).exec(html);
  expect(box, id).toBeTruthy();
  const url = decode(box![1]!);
  expect(box![2]).toContain('คัดลอกลิงก์');
  expect(decode(box![2]!)).toContain(`href="https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(url)}"`);
  expect(box![2]).toContain('แชร์ไป LINE');
  return { url, shown: decode(/<input type="text" readonly value="([^"]*)"/.exec(box![2]!)![1]!) };
}

describe('links people can share', () => {
  it('an invitation link is a short ASCII path that leads to the join page; the long form still works', async () => {
    const owner = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'owner');
    const created = await owner.client.post('/api/communities', { name: LONG_NAME, joinPolicy: 'invite' });
    const slug = created.body.slug as string;
    const page = `/communities/${encodeURIComponent(slug)}`;
    const made = await owner.client.postForm(`${page}/manage`, { action: 'invite-link' });
    const html = made.status === 303 ? (await owner.client.get(made.headers.get('location')!)).text : made.text;
    const { url } = shareBox(html, 'invitation-share');
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/i\/[a-z2-7]+$/);
    expect(path.length).toBeLessThanOrEqual(48);
    expect(html).toMatch(new RegExp(`id="invitation-url"`));

    const guest = await signedInClient(server.baseUrl);
    const hop = await guest.client.get(path);
    expect(hop.status).toBe(302);
    const join = hop.headers.get('location')!;
    expect(join).toBe(`${page}/join?invitation=${path.slice(3)}`);
    expect((await guest.client.get(join)).text).toContain('id="accept-invitation"');
    expect((await guest.client.postForm(`${page}/membership`, { action: 'join', invitation: path.slice(3) })).status).toBe(303);
    expect((await guest.client.get(page)).text).toContain('ออกจากชุมชน');
    // A mistyped token: a Thai 404 that says what to do.
    const wrong = await new TestClient(server.baseUrl).get('/i/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('กรุณาขอลิงก์ใหม่');
    expect((await new TestClient(server.baseUrl).get('/i/%E0%B8%81')).status).toBe(404);

    // The community's own address is shown as people read it, and shared encoded.
    const community = shareBox((await new TestClient(server.baseUrl).get(page)).text, 'community-share');
    expect(community.shown).toContain(`/communities/${slug}`);
    expect(community.url).toContain(`/communities/${encodeURIComponent(slug)}`);
  });

  it('events and notes offer copy and LINE share of their own address', async () => {
    const writer = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกที่อยากแชร์' });
    const note = shareBox((await new TestClient(server.baseUrl).get(`/notes/${noteId}`)).text, 'note-share');
    expect(new URL(note.url).pathname).toBe(`/notes/${noteId}`);
    const event = await writer.client.post('/api/events', { title: 'เวทีที่อยากแชร์', startDate: '2026-08-01' });
    expect(event.status).toBe(201);
    const shared = shareBox((await new TestClient(server.baseUrl).get(`/events/${event.body.id}`)).text, 'event-share');
    expect(new URL(shared.url).pathname).toBe(`/events/${event.body.id}`);
  });
});
