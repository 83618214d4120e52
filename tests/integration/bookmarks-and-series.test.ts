/**
 * Bookmarks (เก็บไว้อ่าน) are private and work without JavaScript; series (ชุดบันทึก) keep their
 * order, show "ตอนที่ N จาก M" with previous/next links on each part, and have a page and RSS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const anon = () => new TestClient(server.baseUrl);
const savedIds = (html: string) =>
  [...(/<ul class="note-list" id="saved-notes">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '').matchAll(/data-note-id="(\d+)"/g)].map((m) =>
    Number(m[1]),
  );

describe('bookmarks', () => {
  it('save a note with a plain form post, list it at /saved, and remove it', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกที่อยากกลับมาอ่าน' });
    const save = await reader.client.postForm(`/notes/${id}/bookmark`, { save: '1' });
    expect(save.status).toBe(303);
    expect(save.headers.get('location')).toBe(`/notes/${id}#appreciation`);
    expect((await reader.client.get(`/notes/${id}`)).text).toMatch(/aria-pressed="true">เก็บไว้แล้ว</);
    const saved = await reader.client.get('/saved');
    expect(saved.status).toBe(200);
    expect(saved.headers.get('cache-control')).toMatch(/private|no-store/);
    expect(savedIds(saved.text)).toEqual([id]);

    const remove = await reader.client.postForm(`/notes/${id}/bookmark`, { save: '0', next: '/saved' });
    expect(remove.headers.get('location')).toBe('/saved');
    expect(savedIds((await reader.client.get('/saved')).text)).toEqual([]);
    // `next` cannot send the reader to another site.
    const offsite = await reader.client.postForm(`/notes/${id}/bookmark`, { save: '1', next: '//evil.example/' });
    expect(offsite.headers.get('location')).toBe(`/notes/${id}#appreciation`);
  });

  it('are private: another member sees nothing, anonymous readers are sent to sign in', async () => {
    const author = await signedInClient(server.baseUrl);
    const owner = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกลับของฉัน' });
    expect((await owner.client.post(`/api/notes/${id}/bookmark`)).body).toEqual({ bookmarked: true });
    expect((await owner.client.post(`/api/notes/${id}/bookmark`)).body).toEqual({ bookmarked: true });
    expect(savedIds((await owner.client.get('/saved')).text)).toEqual([id]);
    expect(savedIds((await other.client.get('/saved')).text)).toEqual([]);
    expect((await other.client.get('/saved')).text).not.toContain('บันทึกลับของฉัน');
    const anonymous = await anon().get('/saved');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fsaved');
    expect((await anon().post(`/api/notes/${id}/bookmark`)).status).toBe(401);
    // Another member's draft cannot be saved (it does not exist for them).
    const draft = await createNoteViaApi(author.client, { status: 'draft' });
    expect((await owner.client.post(`/api/notes/${draft}/bookmark`)).status).toBe(404);
    expect((await owner.client.delete(`/api/notes/${id}/bookmark`)).body).toEqual({ bookmarked: false });
    expect(savedIds((await owner.client.get('/saved')).text)).toEqual([]);
  });

  it('a deleted note leaves the list', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    await reader.client.post(`/api/notes/${id}/bookmark`);
    expect((await author.client.delete(`/api/notes/${id}`)).status).toBeLessThan(300);
    expect(savedIds((await reader.client.get('/saved')).text)).toEqual([]);
  });
});

const partOf = (html: string) =>
  /ตอนที่ (\d+) จาก (\d+)/
    .exec(/<nav class="series-nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '')
    ?.slice(1)
    .map(Number);
const prevNext = (html: string) => {
  const nav = /<nav class="series-nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return { prev: /href="\/notes\/(\d+)" rel="prev"/.exec(nav)?.[1], next: /href="\/notes\/(\d+)" rel="next"/.exec(nav)?.[1] };
};

describe('series', () => {
  it('shows each part its place, previous and next, and follows a new order at once', async () => {
    const author = await signedInClient(server.baseUrl);
    const [a, b, c] = [
      await createNoteViaApi(author.client, { title: 'ตอนเริ่มต้น' }),
      await createNoteViaApi(author.client, { title: 'ตอนกลาง' }),
      await createNoteViaApi(author.client, { title: 'ตอนจบ' }),
    ];
    const created = await author.client.post('/api/series', { title: 'เรียนรู้จากแผนชุมชน', description: 'สามตอน', noteIds: [a, b, c] });
    expect(created.status).toBe(201);
    const seriesId = created.body.id as number;

    // Anonymous pages are cached: read once, then reorder, and the next read must show the new place.
    const middle = await anon().get(`/notes/${b}`);
    expect(partOf(middle.text)).toEqual([2, 3]);
    expect(prevNext(middle.text)).toEqual({ prev: String(a), next: String(c) });
    expect(partOf((await anon().get(`/notes/${a}`)).text)).toEqual([1, 3]);
    expect(prevNext((await anon().get(`/notes/${a}`)).text)).toEqual({ prev: undefined, next: String(b) });
    expect(prevNext((await anon().get(`/notes/${c}`)).text)).toEqual({ prev: String(b), next: undefined });

    expect((await author.client.patch(`/api/series/${seriesId}`, { noteIds: [c, a, b] })).status).toBe(200);
    const moved = await anon().get(`/notes/${b}`);
    expect(partOf(moved.text)).toEqual([3, 3]);
    expect(prevNext(moved.text)).toEqual({ prev: String(a), next: undefined });

    // A part's new title shows in the list on the other parts' (cached) pages.
    await anon().get(`/notes/${a}`);
    await author.client.patch(`/api/notes/${c}`, { title: 'ตอนจบที่ย้ายมาเป็นตอนแรก' });
    expect((await anon().get(`/notes/${a}`)).text).toContain('ตอนจบที่ย้ายมาเป็นตอนแรก');

    // The series page and its feed list the parts in order.
    const page = await anon().get(`/series/${seriesId}`);
    expect(page.status).toBe(200);
    expect([...page.text.matchAll(/<li data-note-id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([c, a, b]);
    const rss = await anon().get(`/series/${seriesId}/rss.xml`);
    expect(rss.headers.get('content-type')).toMatch(/rss\+xml/);
    const items = new XMLParser().parse(rss.text).rss.channel.item as { link: string }[];
    expect(items.map((i) => Number(i.link.split('/notes/')[1]))).toEqual([c, a, b]);
  });

  it('counts only the parts readers can see, and drops a part taken out', async () => {
    const author = await signedInClient(server.baseUrl);
    const a = await createNoteViaApi(author.client);
    const draft = await createNoteViaApi(author.client, { status: 'draft' });
    const b = await createNoteViaApi(author.client);
    const { id } = (await author.client.post('/api/series', { title: 'ชุดที่มีฉบับร่าง', noteIds: [a, draft, b] })).body;
    expect(partOf((await anon().get(`/notes/${b}`)).text)).toEqual([2, 2]);
    expect((await anon().get(`/api/series/${id}`)).body.notes.map((n: { id: number }) => n.id)).toEqual([a, b]);
    expect((await author.client.get(`/api/series/${id}`)).body.notes.map((n: { id: number }) => n.id)).toEqual([a, draft, b]);

    // The edit page's buttons are plain form posts.
    const up = await author.client.postForm(`/series/${id}/edit`, { action: 'up', noteId: String(b) });
    expect(up.status).toBe(303);
    expect((await author.client.get(`/api/series/${id}`)).body.notes.map((n: { id: number }) => n.id)).toEqual([a, b, draft]);
    await author.client.postForm(`/series/${id}/edit`, { action: 'remove', noteId: String(a) });
    expect(partOf((await anon().get(`/notes/${b}`)).text)).toEqual([1, 1]);
    expect(partOf((await anon().get(`/notes/${a}`)).text)).toBeUndefined();
  });

  it('belongs to its author: others cannot change it or add notes that are not theirs', async () => {
    const author = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const mine = await createNoteViaApi(author.client);
    const theirs = await createNoteViaApi(other.client);
    const { id } = (await author.client.post('/api/series', { title: 'ชุดของฉัน', noteIds: [mine] })).body;
    expect((await other.client.patch(`/api/series/${id}`, { noteIds: [theirs] })).status).toBe(403);
    expect((await other.client.postForm(`/series/${id}/edit`, { action: 'remove', noteId: String(mine) })).status).toBe(403);
    const foreign = await author.client.patch(`/api/series/${id}`, { noteIds: [mine, theirs] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatch(/บันทึกของคุณเอง/);
    expect((await author.client.post('/api/series', { title: 'x' })).status).toBe(400);
    expect((await anon().post('/api/series', { title: 'ชุดของคนไม่ได้เข้าระบบ' })).status).toBe(401);
    expect((await anon().get('/series/99999999')).status).toBe(404);
    expect((await author.client.get(`/api/series/${id}`)).body.notes.map((n: { id: number }) => n.id)).toEqual([mine]);
    expect((await other.client.delete(`/api/series/${id}`)).status).toBe(403);
    expect((await author.client.delete(`/api/series/${id}`)).status).toBe(204);
    expect(partOf((await anon().get(`/notes/${mine}`)).text)).toBeUndefined();
  });
});

describe('signed-in note pages from the shared page', () => {
  it("carry each member's own appreciation and bookmark state, byte for byte as a fresh render, and nobody else's", async () => {
    const author = await signedInClient(server.baseUrl);
    const commenter = await signedInClient(server.baseUrl);
    const giver = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const commentId = (await commenter.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็นที่มีคนให้กำลังใจ' })).body.id as number;
    await giver.client.post(`/api/notes/${id}/appreciation`);
    await giver.client.post(`/api/comments/${commentId}/appreciation`);
    await giver.client.post(`/api/notes/${id}/bookmark`);

    const fresh = await giver.client.get(`/notes/${id}?fresh=1`); // a query string skips the fast path: Astro renders it whole
    expect(fresh.headers.get('x-cache')).toBeNull();
    const shared = await giver.client.get(`/notes/${id}`); // nothing cached yet: this read caches the anonymous page first
    expect(shared.headers.get('x-cache')).toBe('shared');
    expect(shared.text).toBe(fresh.text);
    expect(shared.text).toMatch(/aria-pressed="true">ให้กำลังใจแล้ว<\/button><\/form><form[^>]*\/bookmark/);
    expect(shared.text).toContain('aria-pressed="true">เก็บไว้แล้ว<');
    expect(shared.text).toMatch(new RegExp(`action="/comments/${commentId}/appreciation"[^]*?aria-pressed="true"`));

    const otherPage = await other.client.get(`/notes/${id}`);
    expect(otherPage.headers.get('x-cache')).toBe('shared');
    expect(otherPage.text).not.toContain('aria-pressed="true"');
    expect(otherPage.text).toContain('id="appreciation-count" data-appreciation-count>1<');
    const anonymous = await anon().get(`/notes/${id}`);
    expect(anonymous.headers.get('x-cache')).toBe('hit');
    expect(anonymous.text).not.toContain('aria-pressed');
    // The comment's author sees the count but no button on their own comment.
    const commenterPage = await commenter.client.get(`/notes/${id}`);
    expect(commenterPage.text).not.toContain(`action="/comments/${commentId}/appreciation"`);
    expect(commenterPage.text).toMatch(new RegExp(`id="comment-${commentId}"[^]*?ได้รับกำลังใจ <span data-appreciation-count>1<`));
  });
});
