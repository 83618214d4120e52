/**
 * The KM report (issue 26): GET /api/reports/km, /reports/km and /reports/km.csv, checked against a
 * site seeded through the API (plus the database for what has no API: provinces, suspensions,
 * hiding, back-dated notes). Counts only what the public sees; organisers see their communities,
 * admins everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import { workshopAar } from '../helpers/km.ts';
import { listDistricts, listProvinces } from '~/lib/server/places.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function placeIn(provinceName: string) {
  const province = listProvinces().find((p) => p.name === provinceName)!;
  const district = listDistricts(province.code)![0]!;
  return { provinceCode: province.code, districtCode: district.code, subdistrictCode: district.subdistricts[0]!.code };
}
const KK = placeIn('ขอนแก่น');
const MK = placeIn('มหาสารคาม');
const sql = (text: string, ...params: unknown[]) => withDatabase(server.databasePath, (db) => db.prepare(text).run(...params));

async function member(province: string) {
  const account = await signedInClient(server.baseUrl);
  sql('UPDATE users SET province = ? WHERE id = ?', province, account.id);
  return account;
}

async function aar(client: TestClient, place: typeof KK, startDate: string, actualPeople: number) {
  const res = await client.post('/api/aar', workshopAar(place, { startDate, endDate: startDate, actualPeople }));
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const query = (params: Record<string, string>) => `/api/reports/km?${new URLSearchParams({ ...YEAR, ...params })}`;

let site: { kk1: Awaited<ReturnType<typeof member>>; kk2: Awaited<ReturnType<typeof member>>; slug: string };

describe('counts on a seeded site', () => {
  beforeAll(async () => {
    const kk1 = await member('ขอนแก่น');
    const kk2 = await member('ขอนแก่น');
    const kk3 = await member('ขอนแก่น');
    const mk = await member('มหาสารคาม');
    const community = await kk1.client.post('/api/communities', { name: `เครือข่ายแผนชุมชนขอนแก่น ${process.pid}` });
    expect(community.status).toBe(201);
    const slug = community.body.slug as string;
    const file = async (noteId: number) =>
      expect((await kk1.client.post(`/api/communities/${encodeURIComponent(slug)}/notes`, { noteId })).status).toBe(201);

    await file(await createNoteViaApi(kk1.client, { title: 'บันทึก ก' }));
    await createNoteViaApi(kk1.client, { title: 'บันทึก ข' });
    const q1 = await createNoteViaApi(kk1.client, { title: 'คำถาม 1', kind: 'question' });
    await file(q1);
    await file(await aar(kk1.client, KK, '2026-03-12', 300));
    await aar(kk1.client, KK, '2026-05-01', 40);
    await aar(kk1.client, KK, '2025-06-01', 99); // held last year: not an AAR of 2026, but a note written in 2026
    await createNoteViaApi(kk1.client, { title: 'ร่าง', status: 'draft' });

    await createNoteViaApi(kk2.client, { title: 'คำถาม 2', kind: 'question' });
    const answer = await kk2.client.post(`/api/notes/${q1}/comments`, { body: 'ลองทำเวทีย่อยรายคุ้ม' });
    expect((await kk1.client.post(`/api/notes/${q1}/accepted-answer`, { commentId: answer.body.id })).status).toBe(200);
    const hidden = await createNoteViaApi(kk2.client, { title: 'ถูกซ่อน' });
    sql('UPDATE notes SET hidden_at = ? WHERE id = ?', Date.now(), hidden);
    const lastYear = await createNoteViaApi(kk2.client, { title: 'ปีที่แล้ว' });
    sql('UPDATE notes SET published_at = ? WHERE id = ?', Date.UTC(2025, 1, 1), lastYear);

    const suspended = await createNoteViaApi(kk3.client, { title: 'ของผู้ถูกระงับ' });
    expect(suspended).toBeGreaterThan(0);
    sql('UPDATE users SET suspended_at = ? WHERE id = ?', Date.now(), kk3.id);

    await createNoteViaApi(mk.client, { title: 'บันทึกมหาสารคาม' });
    await aar(mk.client, MK, '2026-03-01', 25);

    expect(
      (
        await kk1.client.post('/api/events', {
          title: 'เวทีขอนแก่น',
          startDate: '2026-04-01',
          provinceCode: KK.provinceCode,
          communitySlug: slug,
        })
      ).status,
    ).toBe(201);
    expect(
      (await mk.client.post('/api/events', { title: 'เวทีมหาสารคาม', startDate: '2026-04-02', provinceCode: MK.provinceCode })).status,
    ).toBe(201);
    expect((await mk.client.post('/api/events', { title: 'เวทีปีหน้า', startDate: '2027-01-05', provinceCode: MK.provinceCode })).status).toBe(
      201,
    );
    site = { kk1, kk2, slug };
  });

  it('counts a province, a community and the whole site', async () => {
    const admin = await signedInWithRole(server.baseUrl, server.databasePath, 'admin');
    const province = await admin.client.get(query({ province: KK.provinceCode }));
    expect(province.status).toBe(200);
    expect(province.body).toMatchObject({
      notes: 7,
      aars: 2,
      participants: 340,
      events: 1,
      questions: 2,
      answered: 1,
      assets: 0,
      applied: 0,
      activeMembers: 2,
    });
    const community = await site.kk1.client.get(query({ community: site.slug }));
    expect(community.status).toBe(200);
    expect(community.body).toMatchObject({ notes: 3, aars: 1, participants: 300, events: 1, questions: 1, answered: 1, activeMembers: 2 });
    const all = await admin.client.get(query({}));
    expect(all.body).toMatchObject({ notes: 9, aars: 3, participants: 365, events: 2, questions: 2, answered: 1, activeMembers: 3 });
    const both = await site.kk1.client.get(query({ community: site.slug, province: MK.provinceCode }));
    expect(both.body).toMatchObject({ notes: 0, aars: 0, events: 0, activeMembers: 0 });
  });

  it('takes Thai dates as well as ISO ones, and refuses bad ones with a Thai message', async () => {
    const thai = await site.kk1.client.get(query({ community: site.slug, from: '1/1/2569', to: '๓๑/๑๒/๒๕๖๙' }));
    expect(thai.status).toBe(200);
    expect(thai.body.notes).toBe(3);
    expect(thai.body.scope).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    const narrow = await site.kk1.client.get(query({ community: site.slug, from: '2026-03-01', to: '2026-03-31' }));
    expect(narrow.body).toMatchObject({ aars: 1, participants: 300, events: 0 });
    const bads: Record<string, string>[] = [
      { from: '31/02/2569' },
      { to: 'พรุ่งนี้' },
      { from: '2026-12-31', to: '2026-01-01' },
      { province: '999' },
    ];
    for (const bad of bads) {
      const res = await site.kk1.client.get(query({ community: site.slug, ...bad }));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/[ก-๙]/);
    }
    expect((await site.kk1.client.get(query({ community: 'no-such-community' }))).status).toBe(404);
  });

  it('lets organisers see only their communities and admins everything', async () => {
    expect((await new TestClient(server.baseUrl).get(query({ community: site.slug }))).status).toBe(401);
    expect((await site.kk2.client.get(query({ community: site.slug }))).status).toBe(403);
    expect((await site.kk2.client.get(query({}))).status).toBe(403);
    expect((await site.kk1.client.get(query({}))).status).toBe(403); // their community only
    expect((await site.kk1.client.get(query({ province: KK.provinceCode }))).status).toBe(403);
    // A manager the owner named sees it too.
    sql(
      'INSERT INTO community_members (community_id, user_id, role) SELECT id, ?, ? FROM communities WHERE slug = ?',
      site.kk2.id,
      'manager',
      site.slug,
    );
    expect((await site.kk2.client.get(query({ community: site.slug }))).status).toBe(200);
    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    expect((await moderator.client.get(query({}))).status).toBe(403);
    // The abuse-report endpoint beside it still works.
    expect((await site.kk2.client.post('/api/reports', { targetType: 'note', targetId: 999999, reason: 'สแปมโฆษณาขายของ' })).status).toBe(
      404,
    );
  });

  it('downloads a CSV for Excel and shows a printable page', async () => {
    const csv = await fetch(`${server.baseUrl}/reports/km.csv?${new URLSearchParams({ ...YEAR, community: site.slug })}`, {
      headers: { cookie: site.kk1.client.cookieHeader() },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="km-report_.+\.csv"$/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(header).toBe(
      'จังหวัด,ชุมชน,ตั้งแต่วันที่,ถึงวันที่,บันทึก,AAR,ผู้เข้าร่วมตาม AAR (คน),เวที/กิจกรรม,คำถาม,คำถามที่ได้คำตอบ,คลังความรู้,การนำไปใช้,สมาชิกที่มีส่วนร่วม',
    );
    expect(row).toMatch(/^ทุกจังหวัด,เครือข่ายแผนชุมชนขอนแก่น \d+,01\/01\/2569,31\/12\/2569,3,1,300,1,1,1,0,0,2$/);
    const refused = await fetch(`${server.baseUrl}/reports/km.csv?community=${encodeURIComponent(site.slug)}`, {
      headers: { cookie: (await signedInClient(server.baseUrl)).client.cookieHeader() },
    });
    expect(refused.status).toBe(403);

    const page = await site.kk1.client.get(`/reports/km?${new URLSearchParams({ ...YEAR, community: site.slug })}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-count="participants">300<');
    expect(page.text).toContain('1 มกราคม 2569');
    // Stylesheets are inlined into the page (issue 24); one linked as a file is read too.
    const css = /<link[^>]+href="([^"]+\.css)"/g;
    const linked = await Promise.all([...page.text.matchAll(css)].map(async (m) => (await site.kk1.client.get(m[1]!)).text));
    const sheets = [...linked, ...[...page.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)];
    expect(sheets.join('\n')).toMatch(/@page\s*\{[^}]*size:\s*A4/);
    expect((await (await signedInClient(server.baseUrl)).client.get('/reports/km')).status).toBe(403);
    expect((await new TestClient(server.baseUrl).get('/reports/km')).status).toBe(303);
  });
});
