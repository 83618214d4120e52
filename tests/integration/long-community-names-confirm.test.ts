/**
 * Issue 24, point 1: every confirm step works for any community name the create form accepts.
 * A Thai letter percent-encodes to 9 characters, so a cap on the encoded action path made every
 * confirm step of a community named past ~22 Thai letters a 404. This walks the pages of a
 * community with the longest name allowed, collects every confirm-step button on them, and asks
 * /confirm for each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_LIMITS } from '../../src/lib/community-validation.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import type { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
/** Every `do` a confirm-step button on the page would send (form fields and formaction buttons). */
const confirmActions = (html: string) => [...html.matchAll(/name="do" value="([^"]+)"/g)].map((m) => decode(m[1]!));

/** The longest name the create form accepts, of Thai letters only (no space the slug would cut at). */
const longestName = (letters: string) =>
  letters.repeat(Math.ceil(COMMUNITY_LIMITS.nameMax / letters.length)).slice(0, COMMUNITY_LIMITS.nameMax);

async function communityWithEveryButton(name: string) {
  const owner = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'owner');
  const manager = await signedInClient(server.baseUrl);
  const member = await signedInClient(server.baseUrl);
  const tooLong = await owner.client.post('/api/communities', { name: `${name}ก` });
  expect(tooLong.status, 'the name is the longest the form accepts').toBe(400);
  const created = await owner.client.post('/api/communities', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const slug = created.body.slug as string;
  const path = `/communities/${encodeURIComponent(slug)}`;
  const api = `/api/communities/${encodeURIComponent(slug)}`;
  for (const who of [manager, member]) expect((await who.client.postForm(`${path}/membership`, { action: 'join' })).status).toBe(303);
  expect((await owner.client.request('PUT', `${api}/managers/${manager.username}`)).status).toBe(200);
  expect((await owner.client.post(`${api}/invitations`, {})).status).toBeLessThan(300);
  const noteId = await createNoteViaApi(owner.client, { title: 'บันทึกในชุมชนชื่อยาว' });
  expect((await owner.client.postForm(`/notes/${noteId}/communities`, { action: 'add', community: slug })).status).toBe(303);
  return { owner, manager, member, slug, path, noteId };
}

async function askEach(client: TestClient, page: string, chosen: Record<string, string>) {
  const html = (await client.get(page)).text;
  const actions = confirmActions(html);
  for (const action of actions) {
    const confirm = await client.get(`/confirm?${new URLSearchParams({ do: action, ...chosen })}`);
    expect(confirm.status, `${action}: ${confirm.text.slice(0, 300)}`).toBe(200);
    expect(confirm.text).toContain('class="confirm-actions"');
  }
  return actions;
}

describe('confirm steps of a community with the longest allowed name', () => {
  for (const [label, letters] of [
    ['Thai', 'เครือข่ายกองทุนสวัสดิการชุมชนตำบลท่าศาลาจังหวัดนครศรีธรรมราช'],
    ['letters outside the BMP', '𝐀𝐁𝐂𝐃'],
  ] as const) {
    it(`every confirm-step button answers its confirm page (${label})`, async () => {
      const name = longestName(letters);
      const w = await communityWithEveryButton(name);
      expect(encodeURIComponent(w.slug).length).toBeGreaterThan(200);
      const chosen = { username: w.manager.username };
      const seen = [
        ...(await askEach(w.owner.client, `${w.path}/manage`, chosen)),
        ...(await askEach(w.member.client, w.path, chosen)),
        ...(await askEach(w.owner.client, `/notes/${w.noteId}`, chosen)),
      ];
      // leave, revoke, remove-manager, hand-over, archive, remove-note, unfile: a rename that hid them
      // from the walk would otherwise pass silently.
      for (const kind of [
        '/membership',
        'action=revoke',
        'action=remove-manager',
        'action=hand-over',
        'action=archive',
        'action=remove-note',
      ])
        expect(
          seen.some((a) => a.includes(kind)),
          kind,
        ).toBe(true);

      // And the confirmed leave really leaves.
      const leave = await w.member.client.get(`/confirm?${new URLSearchParams({ do: `${w.path}/membership` })}`);
      expect(leave.text).toContain(`action="${w.path}/membership"`);
      const done = await w.member.client.postForm(`${w.path}/membership`, { action: 'leave' });
      expect(done.status).toBe(303);
      expect(confirmActions((await w.member.client.get(w.path)).text)).not.toContain(`${w.path}/membership`);
    });
  }
});
