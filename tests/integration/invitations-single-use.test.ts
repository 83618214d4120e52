/**
 * "Invitations are single-use whatever path uses them" (issue 21, finding 8: a username
 * invitation let its invitee rejoin after leaving). An invitation by username lets its invitee in
 * once, by any path (the API with or without its link, the join form with or without it); after
 * leaving, none of the paths lets them in again with it. Open links still count many people in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';
import type { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Account = Awaited<ReturnType<typeof signedInClient>>;
let counter = 0;
async function inviteOnlyCommunity(owner: Account) {
  counter += 1;
  const res = await owner.client.post('/api/communities', { name: `ชุมชนเชิญเท่านั้น ${process.pid} ${counter}`, joinPolicy: 'invite' });
  expect(res.status).toBe(201);
  const slug = res.body.slug as string;
  return { slug, api: `/api/communities/${encodeURIComponent(slug)}`, page: `/communities/${encodeURIComponent(slug)}` };
}

type Community = Awaited<ReturnType<typeof inviteOnlyCommunity>>;
/** The ways a member can use an invitation to join; each returns nothing, membership is read after. */
const PATHS: [string, (client: TestClient, c: Community, token: string) => Promise<unknown>][] = [
  ['the API without the link', (client, c) => client.post(`${c.api}/membership`, {})],
  ['the API with the link', (client, c, token) => client.post(`${c.api}/membership`, { invitation: token })],
  ['the join form without the link', (client, c) => client.postForm(`${c.page}/membership`, { action: 'join' })],
  ['the join form with the link', (client, c, token) => client.postForm(`${c.page}/membership`, { action: 'join', invitation: token })],
];

const isMember = (c: Community, userId: number) =>
  queryDb<{ n: number }>(
    server,
    'SELECT count(*) AS n FROM community_members m JOIN communities c ON c.id = m.community_id WHERE c.slug = ? AND m.user_id = ?',
    c.slug,
    userId,
  )[0]!.n === 1;

describe('an invitation by username lets its invitee in once', () => {
  for (const [first, join] of PATHS)
    it(`used through ${first}, it opens no path again after leaving`, async () => {
      const owner = await signedInClient(server.baseUrl);
      const c = await inviteOnlyCommunity(owner);
      const guest = await signedInClient(server.baseUrl);
      const { token } = (await owner.client.post(`${c.api}/invitations`, { username: guest.username })).body as { token: string };
      await join(guest.client, c, token);
      expect(isMember(c, guest.id)).toBe(true);
      expect((await guest.client.delete(`${c.api}/membership`)).status).toBeLessThan(300);
      expect(isMember(c, guest.id)).toBe(false);
      for (const [again, rejoin] of PATHS) {
        await rejoin(guest.client, c, token);
        expect(isMember(c, guest.id), `rejoined through ${again}`).toBe(false);
      }
      const refused = await guest.client.post(`${c.api}/membership`, { invitation: token });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/ใช้ไปแล้ว/);
    });

  it('a new invitation lets them back in: leaving is not a ban', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await inviteOnlyCommunity(owner);
    const guest = await signedInClient(server.baseUrl);
    await owner.client.post(`${c.api}/invitations`, { username: guest.username });
    await guest.client.post(`${c.api}/membership`, {});
    await guest.client.delete(`${c.api}/membership`);
    await owner.client.post(`${c.api}/invitations`, { username: guest.username });
    expect((await guest.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
  });

  it('an open link still lets several people in, and counts them', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await inviteOnlyCommunity(owner);
    const { token, id } = (await owner.client.post(`${c.api}/invitations`, {})).body as { token: string; id: number };
    for (let i = 0; i < 3; i++) {
      const newcomer = await signedInClient(server.baseUrl);
      expect((await newcomer.client.post(`${c.api}/membership`, { invitation: token })).body.status).toBe('member');
    }
    expect(queryDb<{ use_count: number }>(server, 'SELECT use_count FROM community_invitations WHERE id = ?', id)[0]!.use_count).toBe(3);
  });
});
