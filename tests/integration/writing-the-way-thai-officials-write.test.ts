/**
 * Issue 12 through the API and the forms: line breaks and cards on the page, tags that forgive,
 * Buddhist-era dates in the AAR form and ISO-only dates in the API, CSP for the video players.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, signedInClient } from '../helpers/factories.ts';
import { queryDb, setRole, workshopAar } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const POEM = 'ยามเช้าตรู่ตะวันฉายส่องทุ่งนา\nชาวบ้านมาร่วมเวทีที่ศาลา\nเล่าเรื่องราวชีวิตจริงทุกเวลา\nแลกเปลี่ยนค่าความรู้สู่ชุมชน';

describe('line breaks, indentation and cards on the page', () => {
  it('a note keeps its poem lines and indented paragraph, shows link and video cards, and a comment keeps its lines', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const body = `${POEM}\n\n1. ข้อแรก\n2. ข้อสอง\n\n    ย่อหน้าที่เขียนแบบย่อ\n\nhttps://www.gotoknow.org/posts/แผนชุมชน\n\nhttps://youtu.be/dQw4w9WgXcQ`;
    const { body: created } = await client.post('/api/notes', { title: 'กลอนและลิงก์', body });
    const page = await clientFromNewAddress(server.baseUrl).get(`/notes/${created.id}`);
    expect(page.text).toContain('ยามเช้าตรู่ตะวันฉายส่องทุ่งนา<br>');
    expect(page.text).toMatch(/<\/ol>\s*<p>ย่อหน้าที่เขียนแบบย่อ<\/p>/);
    expect(page.text).not.toContain('<pre>');
    expect(page.text).toContain('<p class="link-card">');
    expect(page.text).toContain('data-video-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"');
    expect(page.text).not.toMatch(/<iframe|i\.ytimg\.com/); // no third-party request before the click

    const comment = await client.post(`/api/notes/${created.id}/comments`, { body: 'ขอบคุณครับ\nจะนำไปใช้\nที่ตำบลเรา' });
    expect(comment.status).toBe(201);
    const after = await clientFromNewAddress(server.baseUrl).get(`/notes/${created.id}`);
    expect(after.text).toContain('ขอบคุณครับ<br>');
  });

  it('allows frames from exactly the two video players', async () => {
    const res = await clientFromNewAddress(server.baseUrl).get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-src https://www.youtube-nocookie.com https://www.facebook.com;');
    expect(csp).not.toMatch(/frame-src[^;]*(?:\*|youtube\.com\b(?!-)|'self')/);
  });
});

describe('tags that forgive', () => {
  it('takes "#a #b" from the form, compares spellings as one tag keeping the first, and suggests public tags only', async () => {
    const writer = await signedInClient(server.baseUrl);
    const first = await writer.client.postForm('/notes/new', {
      title: 'บันทึกแรก',
      body: 'เนื้อหา',
      tags: '#AAR #แผนชุมชน',
      status: 'published',
    });
    expect(first.status).toBe(303);
    const second = await writer.client.post('/api/notes', { title: 'บันทึกที่สอง', body: 'เนื้อหา', tags: ['aar', 'ＡＡＲ', 'ลงพื้นที่'] });
    expect(second.status).toBe(201);
    const tagRows = queryDb<{ name: string }>(server, "SELECT name FROM tags WHERE key IN ('aar', 'แผนชุมชน', 'ลงพื้นที่') ORDER BY id");
    expect(tagRows.map((t) => t.name)).toEqual(['AAR', 'แผนชุมชน', 'ลงพื้นที่']);
    const note = await writer.client.get(`/api/notes/${second.body.id}`);
    expect(note.body.tags).toEqual(expect.arrayContaining(['AAR', 'ลงพื้นที่']));

    const anon = clientFromNewAddress(server.baseUrl);
    for (const spelling of ['AAR', 'aar', encodeURIComponent('ＡＡＲ')]) {
      const tagPage = await anon.get(`/tags/${spelling}`);
      expect(tagPage.status, spelling).toBe(200);
      expect(tagPage.text).toContain('บันทึกแรก');
      expect(tagPage.text).toContain('บันทึกที่สอง');
    }

    await writer.client.post('/api/notes', { title: 'ร่างลับ', body: 'x', tags: ['aardvark-ลับ'], status: 'draft' });
    const suggestions = await anon.get(`/api/tags/suggest?q=${encodeURIComponent('Aa')}`);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.tags[0]).toEqual({ name: 'AAR', notes: 2 });
    expect(suggestions.body.tags.map((t: { name: string }) => t.name)).not.toContain('aardvark-ลับ');
    expect((await anon.get('/api/tags/suggest?q=')).body.tags).toEqual([]);
  });

  it('says in Thai what is wrong with a tag, beside the field and in the summary', async () => {
    const writer = await signedInClient(server.baseUrl);
    const res = await writer.client.postForm('/notes/new', { title: '', body: 'เนื้อหา', tags: 'a/b', status: 'published' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="error-summary"');
    expect(res.text).toContain('href="#title"');
    expect(res.text).toContain('href="#tags"');
    expect(res.text).toContain('data-first-error="title"');
  });
});

describe('Buddhist-era dates', () => {
  it('the AAR form takes 12/03/2568 and the page shows 12 มี.ค. 2568; implausible years are refused in Thai', async () => {
    const organiser = await signedInClient(server.baseUrl);
    setRole(server, organiser.username, 'organiser');
    const place = (await organiser.client.get('/api/places/40')).body.districts[0];
    const codes = { provinceCode: '40', districtCode: place.code, subdistrictCode: place.subdistricts[0].code };
    const base: Record<string, string> = {
      eventTitle: 'เวทีทดสอบ พ.ศ.',
      ...codes,
      hosts: 'อำเภอ',
      facilitator: 'คุณอำนวย',
      noteTaker: 'คุณลิขิต',
      actualPeople: '40',
      expected: 'ก',
      exceeded: 'ข',
      fellShort: 'ค',
      nextSteps: 'ง',
      'actions.0.action': 'ติดตามผล',
      'actions.0.owner': 'ปลัด',
      status: 'published',
    };
    const bad = await organiser.client.postForm('/aar/new', {
      ...base,
      startDate: '12/03/3111',
      'actions.0.due': '31/02/2568',
      actualPeople: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('ปี พ.ศ. 3111 ดูไม่ถูกต้อง');
    expect(bad.text).toContain('สิ่งที่จะทำต่อข้อที่ 1: กำหนดเสร็จไม่มีในปฏิทิน');
    expect(bad.text).toContain('กรุณาระบุจำนวนผู้เข้าร่วมจริง'); // every error at once, cross-field rules included
    expect(bad.text).toContain('href="#actions-0-due"');

    const form = await organiser.client.get('/aar/new');
    // Issue 24: every date field has a keyboard that can type "12 มี.ค. 2568" (not a number pad).
    const dateInputs = [...form.text.matchAll(/<input[^>]*data-thai-date[^>]*>/g)].map((m) => m[0]);
    expect(dateInputs.length).toBeGreaterThanOrEqual(3);
    for (const input of dateInputs) expect(input).not.toContain('inputmode');
    const good = await organiser.client.postForm('/aar/new', { ...base, startDate: '12 มีนาคม 2568', 'actions.0.due': '30042568' });
    expect(good.status).toBe(303);
    const id = Number(/\/notes\/(\d+)/.exec(good.headers.get('location') ?? '')![1]);
    expect(queryDb<{ start_date: string }>(server, 'SELECT start_date FROM aar_reports WHERE note_id = ?', id)[0]!.start_date).toBe(
      '2025-03-12',
    );
    const page = await organiser.client.get(`/notes/${id}`);
    expect(page.text).toContain('12 มี.ค. 2568');
    expect(page.text).toContain('30 เม.ย. 2568');
    const edit = await organiser.client.get(`/aar/${id}/edit`);
    expect(edit.text).toContain('value="12/03/2568"');
  });

  it('the API takes ISO dates only and refuses implausible years', async () => {
    const organiser = await signedInClient(server.baseUrl);
    setRole(server, organiser.username, 'organiser');
    const place = (await organiser.client.get('/api/places/40')).body.districts[0];
    const codes = { provinceCode: '40', districtCode: place.code, subdistrictCode: place.subdistricts[0].code };
    for (const [startDate, message] of [
      ['12/03/2568', 'ปี-เดือน-วัน'],
      ['2568-03-12', 'ปี 2568 ดูไม่ถูกต้อง'],
      ['1800-01-01', 'ปี 1800'],
    ]) {
      const res = await organiser.client.post('/api/aar', workshopAar(codes, { startDate }));
      expect(res.status, startDate).toBe(400);
      expect(res.body.fields.startDate, startDate).toContain(message);
    }
    const due = await organiser.client.post('/api/aar', workshopAar(codes, { actions: [{ action: 'ก', owner: 'ข', due: '3111-01-01' }] }));
    expect(due.status).toBe(400);
    expect(due.body.fields.actions).toContain('ปี 3111');
    expect((await organiser.client.post('/api/aar', workshopAar(codes))).status).toBe(201);
  });
});
