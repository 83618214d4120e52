/**
 * "Every write transaction takes the lock first" (issue 21, finding 5): concurrent creations gave
 * "database is locked" or a UNIQUE error as a 500. Here every create route is raced by several
 * members at once against a server with two workers: nothing answers 5xx, nothing logs a locked
 * database, and two people creating the same thing get one 201 and a Thai 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { KHON_KAEN, setRole, workshopAar } from '../helpers/km.ts';
import { pngBytes, uploadFile } from '../helpers/upload-fixtures.ts';
import type { TestClient } from '../helpers/client.ts';
import { listDistricts, listProvinces } from '~/lib/server/places.ts';

const MEMBERS = 6;
/** Requests each member sends at the same moment to each route. */
const BURST = 3;

let server: TestServer;
let members: { client: TestClient; username: string; id: number }[];
let noteId: number;
let slug: string;
let place: { provinceCode: string; districtCode: string; subdistrictCode: string };
let png: Buffer;

beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
  members = await Promise.all(Array.from({ length: MEMBERS }, () => signedInClient(server.baseUrl)));
  for (const member of members) setRole(server, member.username, 'organiser'); // AARs and events
  noteId = await createNoteViaApi(members[0]!.client);
  slug = (await members[0]!.client.post('/api/communities', { name: `ชุมชนแข่งกัน ${process.pid}`, joinPolicy: 'open' })).body.slug;
  const province = listProvinces().find((p) => p.name === KHON_KAEN.provinceName)!;
  const district = listDistricts(province.code)!.find((d) => d.name === KHON_KAEN.districtName)!;
  const subdistrict = district.subdistricts.find((d) => d.name === KHON_KAEN.subdistrictName)!;
  place = { provinceCode: province.code, districtCode: district.code, subdistrictCode: subdistrict.code };
  png = await pngBytes(32, 24);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

type Send = (client: TestClient, member: number, n: number) => Promise<{ status: number; body: unknown }>;
const json =
  (path: string | (() => string), body: (member: number, n: number) => unknown): Send =>
  (client, member, n) =>
    client.post(typeof path === 'string' ? path : path(), body(member, n));

/** Every create route, with a body that creates (each member's own, or deliberately the same). */
const CREATE_ROUTES: [string, Send][] = [
  ['POST /api/notes', json('/api/notes', (m, n) => ({ title: `บันทึกแข่ง ${m}-${n}`, body: 'เนื้อหา', tags: ['แข่ง'] }))],
  ['POST /api/notes/<id>/comments', (c, m, n) => c.post(`/api/notes/${noteId}/comments`, { body: `ความเห็นแข่ง ${m}-${n}` })],
  ['POST /api/series', json('/api/series', (m, n) => ({ title: `ชุดแข่ง ${m}-${n}` }))],
  ['POST /api/events', json('/api/events', (m, n) => ({ title: `เวทีแข่ง ${m}-${n}`, startDate: '2026-05-01' }))],
  ['POST /api/aar', (c, m, n) => c.post('/api/aar', workshopAar(place, { eventTitle: `เวทีถอดบทเรียนแข่ง ${m}-${n}` }))],
  ['POST /api/drafts', json('/api/drafts', (m, n) => ({ title: `ร่างแข่ง ${m}-${n}`, body: '' }))],
  // One AAR draft per member for a new AAR: the same member's parallel saves race for that one row.
  ['POST /api/aar/drafts', json('/api/aar/drafts', () => ({ noteId: null, values: { eventTitle: 'ร่าง AAR' } }))],
  ['POST /api/reports', (c) => c.post('/api/reports', { targetType: 'note', targetId: noteId, reason: 'ทดสอบการรายงานพร้อมกัน' })],
  ['POST /api/notes/<id>/appreciation', (c) => c.post(`/api/notes/${noteId}/appreciation`)],
  ['POST /api/notes/<id>/bookmark', (c) => c.post(`/api/notes/${noteId}/bookmark`)],
  ['PUT /api/notes/<id>/watch', (c) => c.request('PUT', `/api/notes/${noteId}/watch`, { json: { state: 'watching' } })],
  ['POST /api/communities/<slug>/membership', (c) => c.post(`/api/communities/${encodeURIComponent(slug)}/membership`)],
  ['POST /api/communities/<slug>/invitations', (c) => c.post(`/api/communities/${encodeURIComponent(slug)}/invitations`)],
  ['POST /api/users/<name>/follow', (c) => c.post(`/api/users/${members[0]!.username}/follow`)],
  ['POST /api/uploads', (c, m, n) => uploadFile(c, `race-${m}-${n}.png`, png, { type: 'image/png' })],
];

/** Runs `send` BURST times for every member, all at once; returns the statuses. */
async function race(send: Send): Promise<number[]> {
  const all = members.flatMap((member, m) => Array.from({ length: BURST }, (_, n) => send(member.client, m, n)));
  return (await Promise.all(all)).map((response) => response.status);
}

describe('create routes raced by several members on two workers', () => {
  it.each(CREATE_ROUTES)('%s: no 5xx, nothing locked', async (_name, send) => {
    const statuses = await race(send);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(
      statuses.some((status) => status === 200 || status === 201 || status === 204),
      String(statuses),
    ).toBe(true);
    expect(server.output()).not.toMatch(/database is locked|SQLITE_BUSY|SQLITE_CONSTRAINT/);
  });

  it('the same community name from six members at once: one 201, the rest a Thai 409 naming the field', async () => {
    const name = `ชุมชนชื่อเดียวกัน ${process.pid}`;
    const responses = await Promise.all(members.map(({ client }) => client.post('/api/communities', { name, joinPolicy: 'open' })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(MEMBERS - 1).fill(409)]);
    for (const conflict of responses.filter((r) => r.status === 409)) expect(conflict.body.fields.name).toMatch(/มีชุมชนชื่อนี้แล้ว/);
  });

  it('the same username registered from six places at once: one account, the rest a Thai 409', async () => {
    const username = uniqueUsername('race');
    const responses = await Promise.all(
      members.map(() =>
        clientFromNewAddress(server.baseUrl).post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'คนเดียวกัน' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    for (const conflict of responses.filter((r) => r.status === 409)) expect(conflict.body.error).toMatch(/[ก-๙]/);
  });
});
