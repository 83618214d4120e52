/**
 * Questions to the network (issue 26): asked through POST /api/notes with kind "question", answered
 * in comments, one answer accepted by the asker (or a moderator) and shown first on the page, which
 * the page cache must follow at once; /questions filters open and answered ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function askQuestion(client: TestClient, title = 'ทำแผนชุมชนให้ชาวบ้านมีส่วนร่วมได้อย่างไร') {
  return createNoteViaApi(client, { title, body: 'อยากได้วิธีที่ใช้ได้จริงในหมู่บ้าน', tags: ['แผนชุมชน'], kind: 'question' });
}

async function answer(client: TestClient, noteId: number, body = 'ลองใช้เวทีประชาคมย่อยรายคุ้มก่อน') {
  const res = await client.post(`/api/notes/${noteId}/comments`, { body });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

describe('asking and accepting an answer', () => {
  it('creates a question, lets only the asker or a moderator accept and withdraw an answer', async () => {
    const asker = await signedInClient(server.baseUrl);
    const helper = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const id = await askQuestion(asker.client);
    const note = await asker.client.get(`/api/notes/${id}`);
    expect(note.body).toMatchObject({ kind: 'question', acceptedAnswerId: null });
    const commentId = await answer(helper.client, id);

    const api = `/api/notes/${id}/accepted-answer`;
    expect((await other.client.post(api, { commentId })).status).toBe(403);
    expect((await helper.client.post(api, { commentId })).status).toBe(403);
    expect((await new TestClient(server.baseUrl).post(api, { commentId })).status).toBe(401);
    expect((await asker.client.get(`/api/notes/${id}`)).body.acceptedAnswerId).toBeNull();

    const accepted = await asker.client.post(api, { commentId });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ acceptedAnswerId: commentId });
    expect((await other.client.get(`/api/notes/${id}`)).body.acceptedAnswerId).toBe(commentId);

    expect((await other.client.delete(api)).status).toBe(403);
    expect((await other.client.get(`/api/notes/${id}`)).body.acceptedAnswerId).toBe(commentId);
    const withdrawn = await asker.client.delete(api);
    expect(withdrawn.status).toBe(200);
    expect((await other.client.get(`/api/notes/${id}`)).body.acceptedAnswerId).toBeNull();

    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    expect((await moderator.client.post(api, { commentId })).body).toEqual({ acceptedAnswerId: commentId });
  });

  it('refuses bad input with a Thai message and changes nothing', async () => {
    const asker = await signedInClient(server.baseUrl);
    const id = await askQuestion(asker.client);
    const otherQuestion = await askQuestion(asker.client, 'อีกคำถามหนึ่ง');
    const elsewhere = await answer(asker.client, otherQuestion);
    const api = `/api/notes/${id}/accepted-answer`;
    for (const body of [{}, { commentId: 'abc' }, { commentId: -1 }, { commentId: elsewhere }]) {
      const res = await asker.client.post(api, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/[ก-๙]/);
    }
    const plainNote = await createNoteViaApi(asker.client);
    const onNote = await answer(asker.client, plainNote);
    const res = await asker.client.post(`/api/notes/${plainNote}/accepted-answer`, { commentId: onNote });
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('ไม่ใช่คำถาม');
    expect((await asker.client.get(`/api/notes/${id}`)).body.acceptedAnswerId).toBeNull();
    expect((await asker.client.post('/api/notes', { title: 'ผิดชนิด', body: 'ก', kind: 'poll' })).status).toBe(400);
  });

  it('shows the accepted answer first on the page, and the cached page follows every change at once', async () => {
    const asker = await signedInClient(server.baseUrl);
    const helper = await signedInClient(server.baseUrl);
    const id = await askQuestion(asker.client, 'ขอวิธีสรุปบทเรียนหลังเวที');
    await answer(helper.client, id, 'คำตอบแรก ยังไม่ตรง');
    const best = await answer(helper.client, id, 'ใช้ AAR สี่คำถาม ได้ผลดีที่สุด');
    const anonymous = new TestClient(server.baseUrl);
    const before = await anonymous.get(`/notes/${id}`);
    expect(before.text).not.toContain('data-accepted-answer');
    expect((await anonymous.get(`/notes/${id}`)).headers.get('x-cache')).toBe('hit');

    // The asker's page offers the button; the form works without JavaScript.
    const own = await asker.client.get(`/notes/${id}`);
    expect(own.text).toContain(`data-accept-answer="${best}"`);
    const posted = await asker.client.postForm(`/notes/${id}/accepted-answer`, { commentId: String(best) });
    expect(posted.status).toBe(303);

    const after = await anonymous.get(`/notes/${id}`);
    const block = after.text.indexOf(`data-accepted-answer="${best}"`);
    expect(block).toBeGreaterThan(0);
    expect(block).toBeLessThan(after.text.indexOf('id="comments"'));
    expect(after.text).toContain(`href="#comment-${best}"`);
    expect(after.text).toContain('ใช้ AAR สี่คำถาม');
    // A signed-in reader (the shared page plus personal parts) sees it too, and the in-place mark.
    const reader = await signedInClient(server.baseUrl);
    const readerPage = await reader.client.get(`/notes/${id}`);
    expect(readerPage.text).toContain(`data-accepted-answer="${best}"`);
    expect(readerPage.text).toContain('คำตอบที่ผู้ถามเลือก');

    // Hiding the answer takes it off the top at once; withdrawing takes it away.
    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    expect((await moderator.client.postForm(`/comments/${best}/hide`, {})).status).toBe(303);
    expect((await anonymous.get(`/notes/${id}`)).text).not.toContain('data-accepted-answer');
    expect((await moderator.client.postForm(`/comments/${best}/restore`, {})).status).toBe(303);
    expect((await anonymous.get(`/notes/${id}`)).text).toContain(`data-accepted-answer="${best}"`);
    await asker.client.delete(`/api/notes/${id}/accepted-answer`);
    expect((await anonymous.get(`/notes/${id}`)).text).not.toContain('data-accepted-answer');
  });
});

describe('listing questions', () => {
  it('filters /questions by status and marks questions in tag lists and on the home page', async () => {
    const asker = await signedInClient(server.baseUrl);
    const helper = await signedInClient(server.baseUrl);
    const open = await askQuestion(asker.client, 'คำถามที่ยังเปิดอยู่ ก');
    const answered = await askQuestion(asker.client, 'คำถามที่ตอบแล้ว ข');
    const plain = await createNoteViaApi(asker.client, { title: 'บันทึกธรรมดา ค', tags: ['แผนชุมชน'] });
    const commentId = await answer(helper.client, answered);
    const anonymous = new TestClient(server.baseUrl);
    // Fill the list cache first: accepting must retire it.
    expect((await anonymous.get('/questions?status=open')).text).toContain('คำถามที่ตอบแล้ว ข');
    expect((await asker.client.post(`/api/notes/${answered}/accepted-answer`, { commentId })).status).toBe(200);

    const all = (await anonymous.get('/questions')).text;
    expect(all).toContain('คำถามที่ยังเปิดอยู่ ก');
    expect(all).toContain('คำถามที่ตอบแล้ว ข');
    expect(all).not.toContain('บันทึกธรรมดา ค');
    const openList = (await anonymous.get('/questions?status=open')).text;
    expect(openList).toContain(`data-note-id="${open}"`);
    expect(openList).not.toContain(`data-note-id="${answered}"`);
    const answeredList = (await anonymous.get('/questions?status=answered')).text;
    expect(answeredList).toContain(`data-note-id="${answered}"`);
    expect(answeredList).not.toContain(`data-note-id="${open}"`);

    const tagPage = (await anonymous.get(`/tags/${encodeURIComponent('แผนชุมชน')}`)).text;
    expect(tagPage).toMatch(new RegExp(`data-note-id="${open}"[\\s\\S]*?data-question="open"`));
    expect(tagPage).toMatch(new RegExp(`data-note-id="${answered}"[\\s\\S]*?data-question="answered"`));
    expect(tagPage).toContain(`data-note-id="${plain}"`);

    const home = (await anonymous.get('/')).text;
    expect(home).toContain('คำถามที่ยังรอคำตอบ');
    const section = home.slice(home.indexOf('id="open-questions"'));
    expect(section).toContain(`data-note-id="${open}"`);
    expect(section.slice(0, section.indexOf('</section>'))).not.toContain(`data-note-id="${answered}"`);
  });

  it('offers "ถามเครือข่าย" in the editor and creates a question from the form', async () => {
    const asker = await signedInClient(server.baseUrl);
    const form = await asker.client.get('/notes/new?kind=question');
    expect(form.text).toContain('ถามเครือข่าย');
    expect(form.text).toMatch(/value="question" checked/);
    const res = await asker.client.postForm('/notes/new', { title: 'ถามจากฟอร์ม', body: 'มีใครเคยทำบ้าง', tags: '', kind: 'question' });
    expect(res.status).toBe(303);
    const id = Number(/\/notes\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
    expect((await asker.client.get(`/api/notes/${id}`)).body.kind).toBe('question');
  });
});
