/**
 * The AAR's long answers as Markdown (the rich editor's output) rendered by the note sanitiser;
 * AARs written before it keep their plain text; and the AAR form's server draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';
import { queryDb, workshopAar } from '../helpers/km.ts';
import { withDatabase } from '../helpers/roles.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';

let server: TestServer;
let place: { provinceCode: string; districtCode: string; subdistrictCode: string };
beforeAll(async () => {
  server = await startTestServer();
  const district = (await clientFromNewAddress(server.baseUrl).get('/api/places/40')).body.districts[0];
  place = { provinceCode: '40', districtCode: district.code, subdistrictCode: district.subdistricts[0].code };
});
afterAll(async () => {
  await server?.stop();
});

/** The HTML form's fields for a complete AAR (dates typed in Buddhist era). */
const formFields = (overrides: Record<string, string> = {}): Record<string, string> => ({
  eventTitle: 'เวทีทดสอบตัวแก้ไข',
  startDate: '12/03/2568',
  ...place,
  hosts: 'อำเภอ',
  facilitator: 'ก',
  noteTaker: 'ข',
  actualPeople: '40',
  expected: 'คาดหวัง',
  exceeded: 'เกินคาด',
  fellShort: 'น้อยกว่าคาด',
  nextSteps: 'ต่อไป',
  ...overrides,
});

async function publishByForm(client: TestClient, fields: Record<string, string>): Promise<number> {
  const res = await client.postForm('/aar/new', fields);
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return Number(/\/notes\/(\d+)/.exec(res.headers.get('location')!)![1]);
}

/** The HTML of one answer card on the AAR page. */
function answerHtml(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start, `${id} on the page`).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

/** The server draft the form page hands its script (data-server-draft, HTML-escaped JSON). */
function serverDraftOf(page: string): string {
  const attr = /data-server-draft="([^"]*)"/.exec(page);
  expect(attr, 'data-server-draft on the form').not.toBeNull();
  return attr![1]!
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('AAR answers are Markdown', () => {
  it('bold, lists and line breaks written in the editor are stored as Markdown and shown formatted', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const expected = '**ทุกตำบล**ได้ร่างแผน\nบรรทัดที่สอง\n\n- ข้อหนึ่ง\n- ข้อสอง';
    const id = await publishByForm(client, formFields({ expected, lessons: 'บทเรียน _สำคัญ_' }));
    const [row] = queryDb<{ expected: string; text_format: string }>(
      server,
      'SELECT expected, text_format FROM aar_reports WHERE note_id = ?',
      id,
    );
    expect(row).toEqual({ expected, text_format: 'markdown' });

    const page = (await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`)).text;
    const card = answerHtml(page, 'aar-expected');
    expect(card).toContain('<strong>ทุกตำบล</strong>ได้ร่างแผน<br>');
    expect(card).toMatch(/<ul>\s*<li>ข้อหนึ่ง<\/li>\s*<li>ข้อสอง<\/li>\s*<\/ul>/);
    expect(page).toContain('บทเรียน <em>สำคัญ</em>');
    // The edit form gets the Markdown back in the textarea the editor reads.
    const edit = await client.get(`/aar/${id}/edit`);
    expect(edit.text).toContain('**ทุกตำบล**ได้ร่างแผน\nบรรทัดที่สอง');
    expect(edit.text).toMatch(/<textarea id="expected" name="expected"[^>]*data-rich=/);
  });

  it("headings in an answer sit below its card's <h3>, and in the lessons below their <h2>, so the outline is right", async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await publishByForm(
      client,
      formFields({ exceeded: '# ชาวบ้านมาเอง\n\nมากกว่าที่คิด\n\n## กลุ่มเยาวชน\n\nมาครบ', lessons: '# ฟังก่อนพูด\n\nทุกเวที' }),
    );
    const page = (await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`)).text;
    const card = answerHtml(page, 'aar-exceeded');
    expect(card).toMatch(/<h3>\s*2\. ได้เกินคาด\s*<\/h3>/);
    expect([...card.matchAll(/<(h\d)>([^<]*)<\/h\d>/g)].map((m) => `${m[1]} ${m[2]!.trim()}`)).toEqual([
      'h3 2. ได้เกินคาด',
      'h4 ชาวบ้านมาเอง',
      'h5 กลุ่มเยาวชน',
    ]);
    const lessons = page.slice(page.indexOf('id="aar-lessons"'));
    expect(lessons).toContain('<h3>ฟังก่อนพูด</h3>');
  });

  it('HTML and script in an answer are shown as text, never run; hostile links and images are dropped', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const hostile = XSS_PAYLOADS.slice(0, 40).join('\n\n');
    expect(hostile.length).toBeLessThan(10_000);
    const id = await publishByForm(
      client,
      formFields({ exceeded: hostile, lessons: '[คลิก](javascript:alert(1)) ![x](javascript:alert(2))' }),
    );
    const page = (await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`)).text;
    const card = answerHtml(page, 'aar-exceeded');
    expect(card).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(card).not.toMatch(/<(script|iframe|svg|object|embed|img|style|body|math)\b/i);
    expect(card).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i); // escaped text may say "onerror=", no tag may
    expect(card).not.toMatch(/<[a-z][^>]*\s(href|src)="\s*(javascript|data|vbscript):/i);
    const lessons = page.slice(page.indexOf('id="aar-lessons"'));
    expect(lessons).toContain('คลิก');
    expect(lessons.slice(0, lessons.indexOf('</section>'))).not.toMatch(/<[a-z][^>]*\s(href|src)="\s*javascript:/i);
  });

  it('deep nesting in an answer stays within the parsing budget', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await publishByForm(client, formFields({ fellShort: `${'> '.repeat(2_000)}ลึก\n\n${'- '.repeat(2_000)}ลึกอีก` }));
    const started = performance.now();
    const page = await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`);
    expect(page.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    const card = answerHtml(page.text, 'aar-fell-short');
    expect(card.match(/<blockquote>/g)?.length ?? 0).toBeLessThanOrEqual(48);
    expect(card.match(/<ul>/g)?.length ?? 0).toBeLessThanOrEqual(48);
    expect(card).toContain('ลึกอีก');
  });

  it('an AAR written before the editor (plain text) shows exactly as before, and its edit form keeps the text literal', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await publishByForm(client, formFields());
    const plain = '1. ข้อแรก\n- ขีดนำ\n**ไม่ใช่ตัวหนา** <b>แท็ก</b>\nhttps://example.com/a_b_c';
    withDatabase(server.databasePath, (db) =>
      db.prepare("UPDATE aar_reports SET text_format = 'plain', expected = ? WHERE note_id = ?").run(plain, id),
    );

    const card = answerHtml((await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`)).text, 'aar-expected');
    expect(card).toContain('<p class="pre-line">1. ข้อแรก\n- ขีดนำ\n**ไม่ใช่ตัวหนา** &lt;b&gt;แท็ก&lt;/b&gt;\nhttps://example.com/a_b_c</p>');

    // The editor gets Markdown that reads as the same text; saving it keeps every character visible.
    const edit = (await client.get(`/aar/${id}/edit`)).text;
    const escaped = /<textarea id="expected"[^>]*>([^<]*)<\/textarea>/.exec(edit)![1]!;
    expect(escaped).toContain('1\\. ข้อแรก\n\\- ขีดนำ\n\\*\\*ไม่ใช่ตัวหนา\\*\\*');
    const unescaped = escaped
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    expect((await client.postForm(`/aar/${id}/edit`, formFields({ expected: unescaped }))).status).toBe(303);
    expect(queryDb<{ f: string }>(server, 'SELECT text_format AS f FROM aar_reports WHERE note_id = ?', id)[0]!.f).toBe('markdown');
    const after = answerHtml((await clientFromNewAddress(server.baseUrl).get(`/notes/${id}`)).text, 'aar-expected');
    expect(after).toContain('1. ข้อแรก<br>');
    expect(after).toContain('- ขีดนำ<br>');
    expect(after).toContain('**ไม่ใช่ตัวหนา** &#x3C;b>แท็ก&#x3C;/b>');
    expect(after).not.toMatch(/<(ol|ul|strong|b)>/);
  });
});

describe('AAR server drafts', () => {
  const values = { eventTitle: 'เวทีร่าง', expected: '**ร่าง**แรก', 'subGroups.0.name': 'กลุ่มหนึ่ง' };

  it('a new AAR in progress is kept on the server, shown on another device, updated in place, and gone once the AAR is saved', async () => {
    const author = await signedInClient(server.baseUrl);
    const created = await author.client.post('/api/aar/drafts', { values });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), noteId: null, savedAt: expect.any(Number) });
    const id = created.body.id;
    const again = await author.client.post('/api/aar/drafts', { values: { ...values, eventTitle: 'เวทีร่าง 2' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id); // one draft per member and target

    const put = await author.client.request('PUT', `/api/aar/drafts/${id}`, { json: { values: { ...values, nextSteps: 'ทำต่อ' } } });
    expect(put.status).toBe(200);
    expect(put.body.savedAt).toBeGreaterThanOrEqual(created.body.savedAt);
    expect((await author.client.get(`/api/aar/drafts/${id}`)).body.values).toEqual({ ...values, nextSteps: 'ทำต่อ' });

    // Another device: a second session of the same member sees it in the form, to offer back.
    const laptop = clientFromNewAddress(server.baseUrl);
    expect((await laptop.post('/api/auth/login', { username: author.username, password: TEST_PASSWORD })).status).toBe(200);
    const form = (await laptop.get('/aar/new')).text;
    expect(JSON.parse(serverDraftOf(form))).toMatchObject({ id, values: { ...values, nextSteps: 'ทำต่อ' } });

    await publishByForm(laptop, formFields());
    expect((await author.client.get(`/api/aar/drafts/${id}`)).status).toBe(404);
    expect(queryDb(server, 'SELECT id FROM aar_drafts WHERE id = ?', id)).toEqual([]);
  });

  it("someone else's draft answers 404 to read, overwrite and discard, and stays as it was", async () => {
    const author = await signedInClient(server.baseUrl);
    const { id } = (await author.client.post('/api/aar/drafts', { values })).body;
    const other = await signedInClient(server.baseUrl);
    expect((await other.client.get(`/api/aar/drafts/${id}`)).status).toBe(404);
    expect((await other.client.request('PUT', `/api/aar/drafts/${id}`, { json: { values: { eventTitle: 'ของคนอื่น' } } })).status).toBe(404);
    expect((await other.client.delete(`/api/aar/drafts/${id}`)).status).toBe(404);
    expect((await new TestClient(server.baseUrl).get(`/api/aar/drafts/${id}`)).status).toBe(401);
    expect((await author.client.get(`/api/aar/drafts/${id}`)).body.values).toEqual(values);

    // A draft of an AAR needs the right to edit it.
    const aarId = (await author.client.post('/api/aar', workshopAar(place))).body.id;
    expect((await other.client.post('/api/aar/drafts', { noteId: aarId, values })).status).toBe(403);
    expect(queryDb(server, 'SELECT id FROM aar_drafts WHERE note_id = ?', aarId)).toEqual([]);
    const own = await author.client.post('/api/aar/drafts', { noteId: aarId, values });
    expect(own.status).toBe(201);
    expect(JSON.parse(serverDraftOf((await author.client.get(`/aar/${aarId}/edit`)).text))).toMatchObject({
      id: own.body.id,
      noteId: aarId,
      values,
    });
    expect((await author.client.post('/api/aar/drafts', { noteId: 999_999_999, values })).status).toBe(404);
  });

  it('discarding deletes the draft; oversize (413) and malformed (400) drafts change nothing', async () => {
    const author = await signedInClient(server.baseUrl);
    const { id } = (await author.client.post('/api/aar/drafts', { values })).body;

    const huge = await author.client.request('PUT', `/api/aar/drafts/${id}`, {
      json: { values: { ...values, expected: 'ก'.repeat(200_000) } },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatch(/ใหญ่เกิน/);
    const hugeNew = await (
      await signedInClient(server.baseUrl)
    ).client.post('/api/aar/drafts', { values: { expected: 'x'.repeat(900_000) } });
    expect(hugeNew.status).toBe(413);
    expect((await author.client.post('/api/aar/drafts', { values: { 'bad name<>': 'x' } })).status).toBe(400);
    expect((await author.client.post('/api/aar/drafts', { values: { expected: 5 } })).status).toBe(400);
    expect((await author.client.get(`/api/aar/drafts/${id}`)).body.values).toEqual(values);

    expect((await author.client.delete(`/api/aar/drafts/${id}`)).status).toBe(204);
    expect((await author.client.get(`/api/aar/drafts/${id}`)).status).toBe(404);
    expect((await author.client.get('/aar/new')).text).not.toContain('data-server-draft');
  });

  it('an older copy never overwrites a newer draft: a device that saw an older copy gets 409 and the newer one, and nothing changes', async () => {
    const author = await signedInClient(server.baseUrl);
    const full = { ...values, lessons: 'คำตอบข้อ 4 ครบถ้วน', 'photos.0.src': '/uploads/a.jpg' };
    const phone = await author.client.post('/api/aar/drafts', { values, baseSavedAt: 0 });
    expect(phone.status).toBe(201);
    const { id, savedAt: seenByPhone } = phone.body;
    // The laptop, which saw the phone's copy, goes on and saves a fuller one.
    const laptop = await author.client.request('PUT', `/api/aar/drafts/${id}`, { json: { values: full, baseSavedAt: seenByPhone } });
    expect(laptop.status).toBe(200);
    expect(laptop.body.savedAt).toBeGreaterThan(seenByPhone);

    // The phone, still on its older copy, autosaves: refused, with the newer copy to offer instead.
    const stale = await author.client.request('PUT', `/api/aar/drafts/${id}`, {
      json: { values: { ...values, lessons: 'คำตอบข้อ 4 ตัด' }, baseSavedAt: seenByPhone },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/ใหม่กว่า/);
    expect(stale.body.draft).toMatchObject({ id, values: full, savedAt: laptop.body.savedAt });
    // A third device that saw no copy at all cannot replace it either.
    expect((await author.client.post('/api/aar/drafts', { values, baseSavedAt: 0 })).status).toBe(409);
    expect((await author.client.get(`/api/aar/drafts/${id}`)).body).toMatchObject({ values: full, savedAt: laptop.body.savedAt });
    // Once it has the newer copy, the phone saves on top of it.
    const caughtUp = await author.client.request('PUT', `/api/aar/drafts/${id}`, {
      json: { values: { ...full, nextSteps: 'ต่อจากฉบับใหม่' }, baseSavedAt: laptop.body.savedAt },
    });
    expect(caughtUp.status).toBe(200);
    expect((await author.client.request('PUT', `/api/aar/drafts/${id}`, { json: { values, baseSavedAt: -1 } })).status).toBe(400);
  });
});

/** The values the AAR form starts with: every named text input's value and every select's chosen option. */
function formValuesOf(page: string): Record<string, string> {
  const start = page.lastIndexOf('<form', page.indexOf('action="/aar/new"'));
  const form = page.slice(start, page.indexOf('</form>', start));
  const values: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name && value !== undefined && !/type="(?:radio|checkbox|hidden)"/.test(tag)) values[name] = value.replace(/&#39;/g, "'");
  }
  for (const [, name, options] of form.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)"[^>]*\bselected\b/.exec(options!)?.[1];
    if (chosen !== undefined) values[name!] = chosen;
  }
  return values;
}

describe('an AAR from an event (issue 24, point 10)', () => {
  it('"เขียน AAR ของเวทีนี้" starts with the event\'s title, dates, place and hosts, so the first save needs only the answers', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const created = await organiser.client.post('/api/events', {
      title: 'เวทีถอดบทเรียนกองทุนสวัสดิการ',
      startDate: '2026-03-12',
      endDate: '2026-03-13',
      ...place,
      venue: 'ศาลาประชาคมหมู่ 3',
      hosts: 'เครือข่ายกองทุนสวัสดิการชุมชน',
      partners: 'พอช.',
    });
    expect(created.status).toBe(201);
    const eventId = created.body.id as number;
    const page = (await organiser.client.get(`/aar/new?event=${eventId}`)).text;
    const start = formValuesOf(page);
    expect(start).toMatchObject({
      eventTitle: 'เวทีถอดบทเรียนกองทุนสวัสดิการ',
      startDate: '12/03/2569',
      endDate: '13/03/2569',
      ...place,
      venue: 'ศาลาประชาคมหมู่ 3',
      hosts: 'เครือข่ายกองทุนสวัสดิการชุมชน',
      partners: 'พอช.',
    });
    const answers = {
      facilitator: 'ก',
      noteTaker: 'ข',
      actualPeople: '40',
      expected: 'คาดหวัง',
      exceeded: 'เกินคาด',
      fellShort: 'น้อยกว่าคาด',
      nextSteps: 'ต่อไป',
    };
    const id = await publishByForm(organiser.client, { ...start, eventId: String(eventId), ...answers });
    expect(queryDb(server, 'SELECT start_date, end_date, province_code, hosts FROM aar_reports WHERE note_id = ?', id)).toEqual([
      { start_date: '2026-03-12', end_date: '2026-03-13', province_code: place.provinceCode, hosts: 'เครือข่ายกองทุนสวัสดิการชุมชน' },
    ]);
    expect(queryDb(server, 'SELECT event_id FROM notes WHERE id = ?', id)).toEqual([{ event_id: eventId }]);
  });
});
