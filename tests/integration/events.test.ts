/**
 * Events that gather everyone's notes (issue 14): the event API and page, notes linked by eventId,
 * attendees, the .ics file and RSS feed, provincial places, and the workshop case: one attendee's
 * note, the organisers' official AAR and a participant's AAR on one event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { findUnsafeMarkup } from '../helpers/html.ts';
import { workshopAar } from '../helpers/km.ts';
import { listDistricts, listProvinces } from '~/lib/server/places.ts';
import { EVENTS_PER_PAGE } from '~/lib/server/event.ts';
import { NOTES_PER_PAGE } from '~/lib/server/note.ts';
import { withDatabase } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const NAKHON = listProvinces().find((p) => p.name === 'นครศรีธรรมราช')!;
const KHON_KAEN = listProvinces().find((p) => p.name === 'ขอนแก่น')!;
const anon = () => new TestClient(server.baseUrl);

/** The text between two markers of a page, to check what a section holds and in which order. */
function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `missing ${start}`).toBeGreaterThan(-1);
  return html.slice(from, html.indexOf(end, from));
}

describe('events', () => {
  it('an event gathers notes from three members, newest first, with counts; drafts and unlinked notes stay out', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const created = await organiser.client.post('/api/events', {
      title: 'เวทีแลกเปลี่ยนเรียนรู้ สามคน',
      startDate: '2026-03-12',
      provinceCode: NAKHON.code,
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'url']);
    const eventId = created.body.id as number;
    expect(created.body.url).toMatch(new RegExp(`/events/${eventId}$`));

    const titles: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const member = await signedInClient(server.baseUrl);
      const id = await createNoteViaApi(member.client, { title: `เล่าเวทีคนที่ ${i}`, eventId });
      expect((await member.client.get(`/api/notes/${id}`)).body.eventId).toBe(eventId);
      titles.push(`เล่าเวทีคนที่ ${i}`);
    }
    await createNoteViaApi(organiser.client, { title: 'ร่างที่ยังไม่เผยแพร่', eventId, status: 'draft' });
    const unlinked = await createNoteViaApi(organiser.client, { title: 'บันทึกที่ถอดออกจากเวที', eventId });
    const unlink = await organiser.client.patch(`/api/notes/${unlinked}`, { eventId: null });
    expect(unlink.status).toBe(200);
    expect(unlink.body.eventId).toBeNull();
    expect((await organiser.client.post('/api/notes', { title: 'ผิด', body: 'ผิด', eventId: 999_999 })).status).toBe(400);

    const page = await anon().get(`/events/${eventId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-event-id="${eventId}"`);
    const gathered = between(page.text, 'id="event-notes"', '</section>');
    const positions = titles.map((t) => gathered.indexOf(t));
    expect(positions.every((p) => p > -1)).toBe(true);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions); // newest (3) first
    expect(gathered).not.toContain('ร่างที่ยังไม่เผยแพร่');
    expect(gathered).not.toContain('บันทึกที่ถอดออกจากเวที');
    expect(between(page.text, 'id="event-counts"', '</p>')).toContain('บันทึก 3');
    expect((await anon().get(`/api/events/${eventId}`)).body.counts).toEqual({ notes: 3, aars: 0, attendees: 0 });
    expect(page.text).toContain(`href="/notes/new?event=${eventId}"`);
    expect(page.text).toContain('เขียนบันทึกเกี่ยวกับเวทีนี้');
  });

  it('attendees mark "ฉันเข้าร่วม" through the API and the form, and appear in the list', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const eventId = (await organiser.client.post('/api/events', { title: 'อบรมคุณอำนวย', startDate: '2026-04-01' })).body.id as number;
    const a = await signedInClient(server.baseUrl, { displayName: 'ผู้เข้าร่วม ก' });
    const b = await signedInClient(server.baseUrl, { displayName: 'ผู้เข้าร่วม ข' });
    expect((await a.client.post(`/api/events/${eventId}/attend`, {})).body).toEqual({ attending: true, attendeeCount: 1 });
    expect((await b.client.postForm(`/events/${eventId}/attend`, { action: 'attend' })).status).toBe(303);
    expect((await anon().post(`/api/events/${eventId}/attend`, {})).status).toBe(401);
    let page = await anon().get(`/events/${eventId}`);
    expect(between(page.text, 'id="event-attendees"', '</aside>')).toContain('ผู้เข้าร่วม ก');
    expect(page.text).toContain('ผู้เข้าร่วม (2)');
    expect((await a.client.delete(`/api/events/${eventId}/attend`)).body).toEqual({ attending: false, attendeeCount: 1 });
    page = await anon().get(`/events/${eventId}`);
    expect(between(page.text, 'id="event-attendees"', '</aside>')).not.toContain('ผู้เข้าร่วม ก');
    expect((await b.client.get(`/events/${eventId}`)).text).toContain('aria-pressed="true"');
  });

  it('has an .ics download (text/calendar) linked from the page, and an RSS feed of its notes', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const eventId = (
      await organiser.client.post('/api/events', {
        title: 'เวที, ทดสอบ; ปฏิทิน',
        startDate: '2026-03-12',
        endDate: '2026-03-13',
        venue: 'หอประชุม',
        provinceCode: NAKHON.code,
        hosts: 'สำนักงานพัฒนาชุมชน',
        programme: '- 09.00 ลงทะเบียน\n- 10.00 **แลกเปลี่ยน**\n<script>alert(1)</script>',
      })
    ).body.id as number;
    const page = await anon().get(`/events/${eventId}`);
    expect(page.text).toContain(`href="/events/${eventId}/event.ics"`);
    expect(findUnsafeMarkup(between(page.text, 'id="event-programme"', '</section>'))).toEqual([]);
    expect(page.text).toContain('<strong>แลกเปลี่ยน</strong>');
    const ics = await anon().get(`/events/${eventId}/event.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const unfolded = ics.text.replace(/\r\n /g, '');
    expect(unfolded).toContain('BEGIN:VEVENT');
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260312');
    expect(unfolded).toContain('DTEND;VALUE=DATE:20260314');
    expect(unfolded).toContain('SUMMARY:เวที\\, ทดสอบ\\; ปฏิทิน');
    expect(unfolded).toContain('LOCATION:หอประชุม จ.นครศรีธรรมราช');
    for (const line of ics.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    await createNoteViaApi(organiser.client, { title: 'บันทึกในฟีดเวที', eventId });
    const rss = await anon().get(`/events/${eventId}/rss.xml`);
    expect(rss.status).toBe(200);
    expect(rss.text).toContain('บันทึกในฟีดเวที');
    expect((await anon().get('/events/999999/event.ics')).status).toBe(404);
  });

  it('a provincial event names no tambon; a district must lie in the province; bad input changes nothing', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const provincial = await organiser.client.post('/api/events', {
      title: 'เวทีระดับจังหวัด',
      startDate: '2026-05-01',
      provinceCode: NAKHON.code,
    });
    expect(provincial.status).toBe(201);
    expect((await anon().get(`/api/events/${provincial.body.id}`)).body).toMatchObject({
      provinceName: 'นครศรีธรรมราช',
      districtName: '',
      subdistrictName: '',
    });
    const khonKaenDistrict = listDistricts(KHON_KAEN.code)![0]!.code;
    const wrongDistrict = await organiser.client.post('/api/events', {
      title: 'ผิดอำเภอ',
      startDate: '2026-05-01',
      provinceCode: NAKHON.code,
      districtCode: khonKaenDistrict,
    });
    expect(wrongDistrict.status).toBe(400);
    expect(wrongDistrict.body.fields.districtCode).toContain('นครศรีธรรมราช');
    expect((await organiser.client.post('/api/events', { title: 'ไม่มีวัน' })).body.fields.startDate).toContain('กรุณาระบุวันที่จัด');
    expect((await organiser.client.post('/api/events', { title: 'วันกลับหัว', startDate: '2026-05-02', endDate: '2026-05-01' })).status).toBe(
      400,
    );
    expect(
      (await organiser.client.post('/api/events', { title: 'ชุมชนที่ไม่มี', startDate: '2026-05-02', communitySlug: 'ไม่มีชุมชนนี้' })).status,
    ).toBe(404);
    expect((await anon().post('/api/events', { title: 'ไม่ได้เข้าระบบ', startDate: '2026-05-02' })).status).toBe(401);
    const titles = (await anon().get('/api/events')).body.map((e: { title: string }) => e.title);
    expect(titles).not.toContain('ผิดอำเภอ');
    expect(titles).not.toContain('วันกลับหัว');
  });

  it('event dates: the API takes plausible ISO years only; the form takes Buddhist era and shows it back', async () => {
    const organiser = await signedInClient(server.baseUrl);
    for (const startDate of ['3111-03-12', '1800-03-12']) {
      const refused = await organiser.client.post('/api/events', { title: `ปีผิด ${startDate}`, startDate });
      expect(refused.status).toBe(400);
      expect(refused.body.fields.startDate).toMatch(/วันที่จัด: ปี \d{4} ดูไม่ถูกต้อง ต้องเป็นปี ค\.ศ\. 1907–2107/);
    }
    // A BE date in the API is a mistake, not a date 543 years away.
    expect((await organiser.client.post('/api/events', { title: 'ปี พ.ศ. ใน API', startDate: '12/03/2568' })).status).toBe(400);
    const created = await organiser.client.post('/api/events', { title: 'เวทีปีถูก', startDate: '2025-03-12' });
    expect(created.status).toBe(201);
    const patched = await organiser.client.patch(`/api/events/${created.body.id}`, { endDate: '3111-03-13' });
    expect(patched.status).toBe(400);
    expect(patched.body.fields.endDate).toContain('วันสุดท้าย: ปี 3111');
    expect((await anon().get(`/api/events/${created.body.id}`)).body).toMatchObject({ startDate: '2025-03-12', endDate: null });
    const titles = (await anon().get('/api/events')).body.map((e: { title: string }) => e.title);
    expect(titles.filter((t: string) => t.startsWith('ปีผิด') || t === 'ปี พ.ศ. ใน API')).toEqual([]);

    // The form: typed in Buddhist era (Thai digits too), stored in ISO, shown back in Buddhist era on edit.
    const form = await organiser.client.get('/events/new');
    // Issue 24: a text keyboard (a number pad has no "/" or Thai month), and the example says so.
    expect(form.text).toMatch(/<input type="text"[^>]*placeholder="เช่น 12 มี\.ค\. 2568"[^>]*id="startDate" name="startDate"/);
    expect(form.text).not.toMatch(/<input[^>]*inputmode="numeric"[^>]*data-thai-date/);
    expect(form.text).not.toContain('type="date"');
    const posted = await organiser.client.postForm('/events/new', {
      title: 'เวทีจากฟอร์ม พ.ศ.',
      startDate: '12 มี.ค. 2568',
      endDate: '๑๓/๐๓/๒๕๖๘',
    });
    expect(posted.status).toBe(303);
    const path = posted.headers.get('location')!;
    expect((await anon().get(`/api${path}`)).body).toMatchObject({ startDate: '2025-03-12', endDate: '2025-03-13' });
    const edit = await organiser.client.get(`${path}/edit`);
    expect(edit.text).toMatch(/id="startDate"[^>]*value="12\/03\/2568"/);
    expect(edit.text).toMatch(/id="endDate"[^>]*value="13\/03\/2568"/);

    // A year out of range in the form: a Thai 400 with the summary, the typed text kept, nothing changed.
    const wrong = await organiser.client.postForm(`${path}/edit`, { title: 'เวทีจากฟอร์ม พ.ศ.', startDate: '12/03/3111' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('id="error-summary"');
    expect(wrong.text).toContain('ปี พ.ศ. 3111 ดูไม่ถูกต้อง');
    expect(wrong.text).toMatch(/id="startDate"[^>]*value="12\/03\/3111"/);
    expect((await anon().get(`/api${path}`)).body.startDate).toBe('2025-03-12');
    const tooOld = await organiser.client.postForm('/events/new', { title: 'เวทีปี 1800', startDate: '12/03/2343' });
    expect(tooOld.status).toBe(400);
    expect(tooOld.text).toContain('กรุณาใช้ปี พ.ศ. ระหว่าง 2450–2650');
  });

  it('creating events is rate-limited per account (429 in Thai with Retry-After)', async () => {
    const busy = await signedInClient(server.baseUrl);
    for (let i = 0; i < 10; i++)
      expect((await busy.client.post('/api/events', { title: `เวทีที่ ${i}`, startDate: '2026-08-01' })).status).toBe(201);
    const limited = await busy.client.post('/api/events', { title: 'เวทีเกินโควตา', startDate: '2026-08-01' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });

  it('the form on /events/new creates an event inside a community the member belongs to', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const community = (await organiser.client.post('/api/communities', { name: `เครือข่าย 17 ตำบล ${process.pid}` })).body as {
      slug: string;
    };
    const form = await organiser.client.get(`/events/new?community=${encodeURIComponent(community.slug)}`);
    expect(form.status).toBe(200);
    const posted = await organiser.client.postForm('/events/new', {
      title: 'เวทีเครือข่าย 17 ตำบล',
      startDate: '2026-06-01',
      provinceCode: NAKHON.code,
      communitySlug: community.slug,
    });
    expect(posted.status).toBe(303);
    const eventPage = await anon().get(posted.headers.get('location')!);
    expect(eventPage.text).toContain(`/communities/${encodeURIComponent(community.slug)}`);
    expect((await anon().get(`/communities/${encodeURIComponent(community.slug)}`)).text).toContain('เวทีเครือข่าย 17 ตำบล');
    const outsider = await signedInClient(server.baseUrl);
    expect(
      (await outsider.client.post('/api/events', { title: 'คนนอก', startDate: '2026-06-01', communitySlug: community.slug })).status,
    ).toBe(403);

    // The creator edits it through the form; an emptied field is cleared; others may not.
    const editPath = `${posted.headers.get('location')}/edit`;
    expect((await outsider.client.get(editPath)).status).toBe(403);
    expect((await outsider.client.postForm(editPath, { title: 'ยึดเวที', startDate: '2026-06-01' })).status).toBe(403);
    const edited = await organiser.client.postForm(editPath, {
      title: 'เวทีเครือข่าย 17 ตำบล (เลื่อน)',
      startDate: '2026-06-08',
      provinceCode: NAKHON.code,
      venue: '',
    });
    expect(edited.status).toBe(303);
    const after = await anon().get(`/api${posted.headers.get('location')}`);
    expect(after.body).toMatchObject({
      title: 'เวทีเครือข่าย 17 ตำบล (เลื่อน)',
      startDate: '2026-06-08',
      venue: '',
      communitySlug: community.slug,
    });

    // An AAR posted from the HTML form: provincial (no district, no tambon), presenters as rows, linked to the event.
    const eventId = after.body.id as number;
    expect((await organiser.client.get(`/aar/new?event=${eventId}`)).text).toContain('name="eventId"');
    const aar = await organiser.client.postForm('/aar/new', {
      eventTitle: 'AAR จากแบบฟอร์ม',
      startDate: '2026-06-08',
      provinceCode: NAKHON.code,
      districtCode: '',
      subdistrictCode: '',
      hosts: 'เครือข่าย',
      facilitator: 'ก',
      noteTaker: 'ข',
      actualTambons: '17',
      expected: 'ก',
      exceeded: 'ข',
      fellShort: 'ค',
      nextSteps: 'ง',
      eventId: String(eventId),
      'presenters.0.name': 'ป้าสมศรี',
      'presenters.0.organisation': 'กองทุนตำบล',
      'presenters.0.summary': 'เล่าการออมวันละบาท',
      'caseStudies.0.name': '',
      'caseStudies.1.name': 'กองทุนบ้านนา',
      status: 'published',
      licence: 'cc-by-4.0',
    });
    expect(aar.status).toBe(303);
    const aarPage = await anon().get(aar.headers.get('location')!.replace('?saved=1', ''));
    expect(aarPage.text).toContain('ป้าสมศรี');
    expect(aarPage.text).toContain('กองทุนบ้านนา');
    expect((await anon().get(`/events/${eventId}`)).text).toContain('AAR จากแบบฟอร์ม');
  });

  it("the workshop case: an attendee's note, the organisers' official AAR (provincial, presenters, case studies) and a participant's AAR", async () => {
    const organiser = await signedInClient(server.baseUrl, { displayName: 'ทีมผู้จัด มหาวิทยาลัย' });
    const attendee = await signedInClient(server.baseUrl, { displayName: 'ผู้เข้าร่วมจากหน่วยงานภาคี' });
    const participant = await signedInClient(server.baseUrl, { displayName: 'ผู้นำเครือข่ายตำบล' });
    const eventId = (
      await organiser.client.post('/api/events', {
        title: 'เวทีแลกเปลี่ยนเรียนรู้เครือข่ายสวัสดิการชุมชน จ.นครศรีธรรมราช',
        startDate: '2007-03-12',
        provinceCode: NAKHON.code,
        venue: 'หอประชุมมหาวิทยาลัย',
        hosts: 'มหาวิทยาลัยวลัยลักษณ์',
        partners: 'พอช., สำนักงานพัฒนาชุมชนจังหวัด',
        programme: '- เช้า: นำเสนอกรณีศึกษา\n- บ่าย: กลุ่มย่อยตามอำเภอ',
      })
    ).body.id as number;
    for (const person of [attendee, participant]) await person.client.post(`/api/events/${eventId}/attend`, {});

    // 1. One attendee's account of the day.
    const noteId = await createNoteViaApi(attendee.client, {
      title: 'ไปร่วมเวทีสวัสดิการชุมชนที่นครศรีฯ',
      body: 'ได้เห็นกองทุน 55 ตำบลมาเล่าเรื่องของตน',
      eventId,
    });
    // 2. The organisers' AAR: provincial scope (no district, no tambon), 55 of 70 tambons, presenters and case studies.
    const provincial = { provinceCode: NAKHON.code, districtCode: '', subdistrictCode: '' };
    const official = await organiser.client.post(
      '/api/aar',
      workshopAar(provincial, {
        eventTitle: 'AAR ทีมผู้จัด เวทีสวัสดิการชุมชน',
        startDate: '2007-03-12',
        endDate: null,
        targetTambons: 70,
        actualTambons: 55,
        eventId,
        presenters: [{ name: 'ครูชบ ยอดแก้ว', organisation: 'กองทุนสัจจะสงขลา', summary: 'สัจจะวันละบาท' }],
        caseStudies: [
          { name: 'กองทุนตำบลตัวอย่าง', organisation: 'อบต.', summary: 'จัดสวัสดิการเกิดแก่เจ็บตาย' },
          { name: '', organisation: '', summary: '' },
        ],
      }),
    );
    expect(official.status).toBe(201);
    // 3. A participant's own AAR (a plain member, not an organiser).
    const theirs = await participant.client.post(
      '/api/aar',
      workshopAar(provincial, { eventTitle: 'AAR ของผู้เข้าร่วม', startDate: '2007-03-12', endDate: null, eventId }),
    );
    expect(theirs.status).toBe(201);

    // Only an event manager marks the official AAR.
    expect(
      (await participant.client.request('PUT', `/api/events/${eventId}/official-aar`, { json: { noteId: theirs.body.id } })).status,
    ).toBe(403);
    expect((await organiser.client.request('PUT', `/api/events/${eventId}/official-aar`, { json: { noteId } })).status).toBe(400); // a note, not an AAR
    expect(
      (await organiser.client.request('PUT', `/api/events/${eventId}/official-aar`, { json: { noteId: official.body.id } })).status,
    ).toBe(200);

    const page = await anon().get(`/events/${eventId}`);
    expect(page.status).toBe(200);
    const html = page.text;
    expect(between(html, 'id="event-counts"', '</p>')).toMatch(/บันทึก 1.*AAR 2/s);
    const officialAt = html.indexOf('id="official-aar"');
    const firstOther = html.indexOf('AAR ของผู้เข้าร่วม');
    expect(officialAt).toBeGreaterThan(-1);
    expect(between(html, 'id="official-aar"', '</ul>')).toContain('AAR ทีมผู้จัด เวทีสวัสดิการชุมชน');
    expect(officialAt).toBeLessThan(firstOther);
    // The rest newest first: the participant's AAR (written last) before the attendee's note.
    expect(firstOther).toBeLessThan(html.indexOf('ไปร่วมเวทีสวัสดิการชุมชนที่นครศรีฯ'));
    expect(between(html, 'id="event-attendees"', '</aside>')).toContain('ผู้เข้าร่วมจากหน่วยงานภาคี');
    expect(html).toContain('หอประชุมมหาวิทยาลัย จ.นครศรีธรรมราช');

    const aarPage = await anon().get(`/notes/${official.body.id}`);
    expect(aarPage.text).toContain(`href="/events/${eventId}"`);
    expect(aarPage.text).toContain('ครูชบ ยอดแก้ว');
    expect(aarPage.text).toContain('กองทุนตำบลตัวอย่าง');
    expect(aarPage.text).toContain('ผู้นำเสนอ (1)');
    expect(aarPage.text).toContain('กรณีศึกษา (1)');
    expect(between(aarPage.text, 'class="aar-place"', '</dd>')).not.toContain('ต.');
    expect((await anon().get(`/notes/${noteId}`)).text).toContain('เกี่ยวกับเวที');
  });

  it('communities and events are findable by name on /search, which offers an event filter', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const eventId = (await organiser.client.post('/api/events', { title: 'เวทีค้นหาชื่อพิเศษ', startDate: '2026-07-01' })).body.id as number;
    await organiser.client.post('/api/communities', { name: `ชุมชนค้นหาชื่อพิเศษ ${process.pid}` });
    const result = await anon().get(`/search?q=${encodeURIComponent('ค้นหาชื่อพิเศษ')}`);
    const named = between(result.text, 'id="search-named"', '</section>');
    expect(named).toContain(`href="/events/${eventId}"`);
    expect(named).toContain('ชุมชนค้นหาชื่อพิเศษ');
    expect(result.text).toContain(`<option value="${eventId}"`);
  });
});

describe('every event is reachable (decision 1704)', () => {
  /** Adds `count` events (two a day from `firstDate`, the id breaks ties) straight into the database; ids oldest first. */
  function addEvents(count: number, firstDate: string, communityId: number | null = null): number[] {
    return withDatabase(server.databasePath, (db) => {
      const insert = db.prepare(
        'INSERT INTO events (community_id, created_by_id, title, start_date) VALUES (?, (SELECT min(id) FROM users), ?, ?)',
      );
      return db.transaction(() =>
        Array.from({ length: count }, (_, i) => {
          const date = new Date(Date.parse(firstDate) + Math.floor(i / 2) * 86_400_000).toISOString().slice(0, 10);
          return Number(insert.run(communityId, `เวทีชุด ${firstDate} ${i}`, date).lastInsertRowid);
        }),
      )();
    });
  }
  const eventIds = (html: string) => [...html.matchAll(/class="note-item card" data-event-id="(\d+)"/g)].map((m) => Number(m[1]));
  const noteIds = (html: string) => [...html.matchAll(/class="note-item card" data-note-id="(\d+)"/g)].map((m) => Number(m[1]));
  const link = (html: string, text: string) =>
    new RegExp(`<a href="([^"]+)" rel="(?:next|prev)">\\s*${text}\\s*</a>`).exec(html)?.[1]?.replaceAll(/&(amp|#38);/g, '&');

  it(`/events shows ${EVENTS_PER_PAGE} a page, newest first, and links older and newer pages by cursor`, async () => {
    await signedInClient(server.baseUrl);
    const ids = addEvents(EVENTS_PER_PAGE + 5, '2099-01-01').reverse(); // newer than any other event of this file
    const reader = anon();
    const first = await reader.get('/events');
    expect(eventIds(first.text)).toEqual(ids.slice(0, EVENTS_PER_PAGE));
    const older = link(first.text, 'เก่ากว่า →')!;
    expect(older).toBe(`/events?before=${ids[EVENTS_PER_PAGE - 1]}`);
    const later = addEvents(1, '2099-12-31'); // written meanwhile, at the top
    const second = await reader.get(older);
    expect(eventIds(second.text).slice(0, 5)).toEqual(ids.slice(EVENTS_PER_PAGE)); // no repeat of page 1's last event
    const back = await reader.get(link(second.text, '← ใหม่กว่า')!);
    expect(eventIds(back.text)).toEqual(ids.slice(0, EVENTS_PER_PAGE));
    expect(eventIds((await reader.get(link(back.text, '← ใหม่กว่า')!)).text)).toEqual(later);
    expect((await reader.get('/events?page=2')).status).toBe(200); // the numbered address keeps working
    const unknown = await reader.get('/events?before=99999999');
    expect([unknown.status, unknown.headers.get('location')]).toEqual([302, '/events']);
  });

  it("a community's page links to all its events, paged like /events; an unknown community is a 404", async () => {
    const organiser = await signedInClient(server.baseUrl);
    const community = (await organiser.client.post('/api/communities', { name: `ชุมชนเวทีมาก ${process.pid}` })).body as { slug: string };
    const communityId = withDatabase(server.databasePath, (db) =>
      db.prepare('SELECT id FROM communities WHERE slug = ?').pluck().get(community.slug),
    ) as number;
    const ids = addEvents(EVENTS_PER_PAGE + 1, '2090-01-01', communityId).reverse();
    const page = await anon().get(`/communities/${encodeURIComponent(community.slug)}`);
    const all = `/events?community=${encodeURIComponent(community.slug)}`;
    expect(between(page.text, 'id="community-events"', '</section>')).toContain(`href="${all}"`);
    const first = await anon().get(all);
    expect(eventIds(first.text)).toEqual(ids.slice(0, EVENTS_PER_PAGE)); // this community's only
    const older = link(first.text, 'เก่ากว่า →')!;
    expect(older).toBe(`${all}&before=${ids[EVENTS_PER_PAGE - 1]}`);
    expect(eventIds((await anon().get(older)).text)).toEqual(ids.slice(EVENTS_PER_PAGE));
    expect((await anon().get('/events?community=no-such-community')).status).toBe(404);
  });

  it("an event's notes page by cursor too", async () => {
    await signedInClient(server.baseUrl);
    const [eventId] = addEvents(1, '2026-02-02');
    const ids = withDatabase(server.databasePath, (db) => {
      const insert = db.prepare(`INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status, published_at, event_id)
        VALUES ((SELECT min(id) FROM users), ?, 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', ?, ?)`);
      return Array.from({ length: NOTES_PER_PAGE + 2 }, (_, i) =>
        Number(insert.run(`บันทึกเวที ${i}`, 1_760_000_000_000 + i, eventId).lastInsertRowid),
      );
    }).reverse();
    const first = await anon().get(`/events/${eventId}`);
    expect(noteIds(first.text)).toEqual(ids.slice(0, NOTES_PER_PAGE));
    const older = link(first.text, 'เก่ากว่า →')!;
    expect(older).toBe(`/events/${eventId}?before=${ids[NOTES_PER_PAGE - 1]}`);
    expect(noteIds((await anon().get(older)).text)).toEqual(ids.slice(NOTES_PER_PAGE));
    const unknown = await anon().get(`/events/${eventId}?after=99999999`);
    expect([unknown.status, unknown.headers.get('location')]).toEqual([302, `/events/${eventId}`]);
  });
});
