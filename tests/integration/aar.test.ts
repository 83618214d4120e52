import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, signedInClient } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';
import { KHON_KAEN, queryDb, setRole, workshopAar } from '../helpers/km.ts';
import { withDatabase } from '../helpers/roles.ts';
import { MAX_NUMBERED_PAGE } from '~/lib/list-position.ts';
import { NOTES_PER_PAGE } from '~/lib/server/note.ts';

let server: TestServer;
let place: { provinceCode: string; districtCode: string; subdistrictCode: string };
beforeAll(async () => {
  server = await startTestServer();
  const anon = clientFromNewAddress(server.baseUrl);
  const aarPage = await anon.get('/aar');
  const provinceCode = new RegExp(`<option value="(\\d+)">\\s*${KHON_KAEN.provinceName}\\s*</option>`).exec(aarPage.text)![1]!;
  const { body } = await anon.get(`/api/places/${provinceCode}`);
  const district = body.districts.find((d: any) => d.name === KHON_KAEN.districtName);
  const subdistrict = district.subdistricts.find((s: any) => s.name === KHON_KAEN.subdistrictName);
  place = { provinceCode, districtCode: district.code, subdistrictCode: subdistrict.code };
});
afterAll(async () => {
  await server?.stop();
});

async function organiser() {
  const person = await signedInClient(server.baseUrl);
  setRole(server, person.username, 'organiser');
  return person;
}

describe('AAR summaries', () => {
  it('an organiser publishes the AAR of a 300-person workshop with 9 sub-groups and finds it under its province', async () => {
    const { client } = await organiser();
    const created = await client.post('/api/aar', workshopAar(place));
    expect(created.status).toBe(201);
    const id = created.body.id;

    const page = await client.get(`/notes/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('กลุ่มย่อย (9 กลุ่ม)');
    expect(page.text).toMatch(/class="aar-actual-people">300 คน/);
    expect(page.text).toContain('ต.ในเมือง อ.เมืองขอนแก่น');
    expect(page.text).toContain('12 มี.ค. 2568 – 13 มี.ค. 2568');
    for (const id of ['aar-expected', 'aar-exceeded', 'aar-fell-short', 'aar-next-steps']) expect(page.text).toContain(`id="${id}"`);
    expect(page.text).toContain('ปลัดประเสริฐ');
    expect(page.text).toContain('30 เม.ย. 2568');
    expect(page.text).toContain('เพิ่ม AAR ของคุณ');

    const anon = clientFromNewAddress(server.baseUrl);
    const list = await anon.get(`/aar?province=${place.provinceCode}&year=2025`);
    expect(list.text).toContain(`href="/notes/${id}"`);
    expect(list.text).toContain('จ.ขอนแก่น');
    const otherProvince = await anon.get('/aar?province=1');
    expect(otherProvince.text).not.toContain(`href="/notes/${id}"`);
    const otherYear = await anon.get(`/aar?province=${place.provinceCode}&year=2024`);
    expect(otherYear.text).not.toContain(`href="/notes/${id}"`);
    const api = await anon.get(`/api/aar?province=${place.provinceCode}`);
    expect(api.body.items.map((i: any) => i.id)).toContain(id);

    // The same note in the note space: plain text for search and feeds, the AAR badge in lists.
    const note = await anon.get(`/api/notes/${id}`);
    expect(note.body.kind).toBe('aar');
    expect(note.body.body).toContain('ได้เกินคาด');
    expect(note.body.excerpt).toContain('ผู้เข้าร่วม 300 คน');
    const structured = await anon.get(`/api/aar/${id}`);
    expect(structured.body.subGroups).toHaveLength(9);
    expect(structured.body.provinceName).toBe('ขอนแก่น');
    expect((await anon.get('/')).text).toMatch(new RegExp(`data-note-id="${id}"[\\s\\S]*?AAR`));
  });

  it('participants add their own AAR as comments', async () => {
    const { client } = await organiser();
    const id = (await client.post('/api/aar', workshopAar(place))).body.id;
    const participant = await signedInClient(server.baseUrl);
    const comment = await participant.client.post(`/api/notes/${id}/comments`, { body: 'AAR ของฉัน\n1. คาดหวังอะไร: ได้เพื่อนเครือข่าย' });
    expect(comment.status).toBe(201);
    expect((await participant.client.get(`/notes/${id}`)).text).toContain('ได้เพื่อนเครือข่าย');
  });

  it('any signed-in member may write an AAR (not only organisers); invalid fields are explained in Thai without saving anything', async () => {
    const member = await signedInClient(server.baseUrl);
    expect((await member.client.post('/api/aar', workshopAar(place))).status).toBe(201);
    expect((await member.client.get('/aar/new')).status).toBe(200);
    expect((await new TestClient(server.baseUrl).post('/api/aar', workshopAar(place))).status).toBe(401);

    const { client } = await organiser();
    const before = queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM aar_reports')[0]!.n;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ eventTitle: '' }, 'eventTitle', 'กรุณากรอกชื่องาน'],
      [{ startDate: '2025-02-30' }, 'startDate', 'วันที่จัดไม่ถูกต้อง'],
      [{ endDate: '2025-03-01' }, 'endDate', 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม'],
      [{ districtCode: '1' }, 'districtCode', 'กรุณาเลือกอำเภอใน จ.ขอนแก่น'],
      [{ subdistrictCode: '100101' }, 'subdistrictCode', 'กรุณาเลือกตำบลใน อ.เมืองขอนแก่น'],
      [{ actualPeople: null, actualTambons: null }, 'actualPeople', 'กรุณาระบุจำนวนผู้เข้าร่วมจริง'],
      [{ actualPeople: -5 }, 'actualPeople', 'ต้องไม่ติดลบ'],
      [{ subGroups: [{ name: 'ก' }, { people: 12 }] }, 'subGroups', 'กลุ่มย่อยที่ 2: กรุณากรอกชื่อกลุ่ม'],
      [{ actions: [{ action: 'ติดตามผล', owner: '' }] }, 'actions', 'สิ่งที่จะทำต่อข้อที่ 1: กรุณาระบุผู้รับผิดชอบ'],
      [{ fellShort: '   ' }, 'fellShort', 'กรุณาเขียนสิ่งที่ได้น้อยกว่าคาด'],
    ];
    for (const [override, field, message] of cases) {
      const res = await client.post('/api/aar', workshopAar(place, override));
      expect(res.status, field).toBe(400);
      expect(res.body.fields[field], field).toContain(message);
    }
    expect(queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM aar_reports')[0]!.n).toBe(before);
  });

  it('the HTML form keeps what was typed, shows the error beside the field, and edits keep the structure', async () => {
    const { client } = await organiser();
    const form: Record<string, string> = {
      eventTitle: 'เวทีทดสอบแบบฟอร์ม',
      startDate: '2025-05-01',
      provinceCode: place.provinceCode,
      districtCode: place.districtCode,
      subdistrictCode: place.subdistrictCode,
      hosts: 'อำเภอ',
      facilitator: 'ก',
      noteTaker: 'ข',
      actualPeople: '40',
      expected: 'ก',
      exceeded: 'ข',
      fellShort: '',
      nextSteps: 'ง',
      'subGroups.0.name': 'กลุ่มแรก',
      'subGroups.0.people': '20',
      'subGroups.1.name': 'กลุ่มสอง',
      'subGroups.1.people': '20',
    };
    const bad = await client.postForm('/aar/new', form);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="fellShort-error"');
    expect(bad.text).toContain('value="กลุ่มสอง"');
    expect(bad.text).toMatch(/<option value="[^"]+" selected>\s*ในเมือง\s*<\/option>/);
    const ok = await client.postForm('/aar/new', { ...form, fellShort: 'ค' });
    expect(ok.status).toBe(303);
    const id = Number(/\/notes\/(\d+)/.exec(ok.headers.get('location')!)![1]);
    expect((await client.get(`/notes/${id}/edit`)).headers.get('location')).toBe(`/aar/${id}/edit`);
    const edited = await client.postForm(`/aar/${id}/edit`, {
      ...form,
      fellShort: 'ค',
      eventTitle: 'เวทีทดสอบ (แก้ไข)',
      'subGroups.2.name': 'กลุ่มสาม',
    });
    expect(edited.status).toBe(303);
    const page = await client.get(`/notes/${id}`);
    expect(page.text).toContain('เวทีทดสอบ (แก้ไข)');
    expect(page.text).toContain('กลุ่มย่อย (3 กลุ่ม)');

    // Through the JSON API: the structured PUT works; a plain note PATCH of the text is refused.
    const put = await client.request('PUT', `/api/aar/${id}`, { json: workshopAar(place, { eventTitle: 'เวทีทดสอบ (API)' }) });
    expect(put.status).toBe(200);
    expect(put.body.subGroups).toHaveLength(9);
    const patch = await client.patch(`/api/notes/${id}`, { body: 'ข้อความที่ไม่ตรงกับ AAR' });
    expect(patch.status).toBe(409);
    expect(patch.body.error).toContain(`/aar/${id}/edit`);
    expect((await client.patch(`/api/notes/${id}`, { tags: ['AAR', 'ปรับป้าย'] })).status).toBe(200);
    const other = await organiser();
    expect((await other.client.request('PUT', `/api/aar/${id}`, { json: workshopAar(place) })).status).toBe(403);
  });
});

describe('the AAR list in pages (decision 1704)', () => {
  /**
   * Publishes `count` AARs held in `provinceCode` in `year`, eight a day from day `fromDay` of the year (the id breaks ties),
   * straight into the database (the API rate-limits); ids oldest first.
   */
  function publishAars(provinceCode: string, year: number, count: number, fromDay = 0): number[] {
    return withDatabase(server.databasePath, (db) => {
      const author = db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').pluck().get() as number;
      const note = db.prepare(`INSERT INTO notes (author_id, kind, title, body_markdown, body_html, licence, status, published_at)
        VALUES (?, 'aar', ?, 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', ?)`);
      const report =
        db.prepare(`INSERT INTO aar_reports (note_id, event_title, start_date, year, province_code, province_name, district_code, district_name,
        subdistrict_code, subdistrict_name, hosts, facilitator, note_taker, sub_groups, expected, exceeded, fell_short, next_steps, actions)
        VALUES (?, ?, ?, ?, ?, 'จังหวัด', '0', 'อำเภอ', '0', 'ตำบล', 'ผู้จัด', 'คุณอำนวย', 'คุณลิขิต', '[]', 'ก', 'ข', 'ค', 'ง', '[]')`);
      return db.transaction(() =>
        Array.from({ length: count }, (_, i) => {
          const date = new Date(Date.UTC(year, 0, 1 + fromDay + Math.floor(i / 8))).toISOString().slice(0, 10);
          const id = Number(note.run(author, `AAR ${year} ${i}`, Date.now()).lastInsertRowid);
          report.run(id, `เวที ${year} ${i}`, date, year, provinceCode);
          return id;
        }),
      )();
    });
  }
  const listed = (html: string) => [...html.matchAll(/class="note-item card" data-note-id="(\d+)"/g)].map((m) => Number(m[1]));
  const link = (html: string, text: string) =>
    new RegExp(`<a href="([^"]+)" rel="(?:next|prev)">\\s*${text}\\s*</a>`).exec(html)?.[1]?.replaceAll(/&(amp|#38);/g, '&');

  it('links "เก่ากว่า →" and "← ใหม่กว่า" by cursor keeping the province and year; an AAR written meanwhile neither repeats nor hides one', async () => {
    await signedInClient(server.baseUrl); // an author for the rows below
    const ids = publishAars('50', 2019, NOTES_PER_PAGE + 3).reverse();
    publishAars('50', 2018, 2); // another year
    const reader = clientFromNewAddress(server.baseUrl);
    const base = '/aar?province=50&year=2019';
    const first = await reader.get(base);
    expect(listed(first.text)).toEqual(ids.slice(0, NOTES_PER_PAGE));
    expect(first.text).toContain(`พบ ${NOTES_PER_PAGE + 3} รายการ`);
    const older = link(first.text, 'เก่ากว่า →')!;
    expect(older).toBe(`${base}&before=${ids[NOTES_PER_PAGE - 1]}`);
    expect(link(first.text, '← ใหม่กว่า')).toBeUndefined();
    const newest = publishAars('50', 2019, 1, 300); // an AAR of a later event, written meanwhile: the top of the list
    const second = await reader.get(older);
    expect(second.status).toBe(200);
    expect(listed(second.text)).toEqual(ids.slice(NOTES_PER_PAGE)); // not the last of page 1 again
    expect(link(second.text, 'เก่ากว่า →')).toBeUndefined();
    const newer = link(second.text, '← ใหม่กว่า')!;
    expect(newer).toBe(`${base}&after=${ids[NOTES_PER_PAGE]}`);
    const back = await reader.get(newer);
    expect(listed(back.text)).toEqual(ids.slice(0, NOTES_PER_PAGE));
    expect(link(back.text, '← ใหม่กว่า')).toBe(`${base}&after=${ids[0]}`); // the AAR written meanwhile is newer still
    expect(listed((await reader.get(link(back.text, '← ใหม่กว่า')!)).text)).toEqual(newest);
    const api = await reader.get(`/api/aar?province=50&year=2019&before=${ids[NOTES_PER_PAGE - 1]}`);
    expect(api.body.items.map((i: { id: number }) => i.id)).toEqual(ids.slice(NOTES_PER_PAGE));
  });

  it(`answers ?page= past ${MAX_NUMBERED_PAGE} with 301 to its cursor (filters kept), and an unknown or non-AAR cursor with 302 to the first page`, async () => {
    await signedInClient(server.baseUrl);
    const ids = publishAars('10', 2017, NOTES_PER_PAGE * (MAX_NUMBERED_PAGE + 1) + 2).reverse();
    const reader = clientFromNewAddress(server.baseUrl);
    const base = '/aar?province=10&year=2017';
    const deep = await reader.get(`${base}&page=${MAX_NUMBERED_PAGE + 2}`);
    expect([deep.status, deep.headers.get('location')]).toEqual([
      301,
      `${base}&before=${ids[(MAX_NUMBERED_PAGE + 1) * NOTES_PER_PAGE - 1]}`,
    ]);
    expect(listed((await reader.get(deep.headers.get('location')!)).text)).toEqual(ids.slice((MAX_NUMBERED_PAGE + 1) * NOTES_PER_PAGE));
    expect((await reader.get(`${base}&page=${MAX_NUMBERED_PAGE}`)).status).toBe(200);
    const plainNote = withDatabase(server.databasePath, (db) =>
      Number(
        db
          .prepare(
            `INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status, published_at)
      VALUES ((SELECT min(id) FROM users), 'บันทึกธรรมดา', 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', 1)`,
          )
          .run().lastInsertRowid,
      ),
    );
    for (const cursor of [99_999_999, plainNote]) {
      const unknown = await reader.get(`${base}&before=${cursor}`);
      expect([unknown.status, unknown.headers.get('location')]).toEqual([302, base]);
    }
  });
});
