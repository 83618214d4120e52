import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';
import { VIEWS_PER_IP_PER_WINDOW } from '~/lib/server/view-counts.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });

describe('reading', () => {
  it('shows related notes by shared tags and communities, most shared first', async () => {
    const writer = await signedInClient(server.baseUrl);
    const main = await createNoteViaApi(writer.client, { title: 'บันทึกหลัก', tags: ['น้ำ', 'เกษตร', 'ฝาย'] });
    const threeTags = await createNoteViaApi(writer.client, { title: 'ร่วมสามป้าย', tags: ['น้ำ', 'เกษตร', 'ฝาย'] });
    const oneTag = await createNoteViaApi(writer.client, { title: 'ร่วมหนึ่งป้าย', tags: ['น้ำ'] });
    await createNoteViaApi(writer.client, { title: 'ไม่เกี่ยวเลย', tags: ['สุขภาพ'] });
    await createNoteViaApi(writer.client, { title: 'ร่างที่เกี่ยว', tags: ['น้ำ'], status: 'draft' });
    const slug = (await writer.client.post('/api/communities', { name: 'ชุมชนคนทำเกษตร' })).body.slug;
    const sameCommunity = await createNoteViaApi(writer.client, { title: 'อยู่ชุมชนเดียวกัน', tags: ['อื่น'] });
    for (const id of [main, sameCommunity]) await writer.client.post(`/api/communities/${encodeURIComponent(slug)}/notes`, { noteId: id });

    const page = await clientFromNewAddress(server.baseUrl).get(`/notes/${main}`);
    const start = page.text.indexOf('id="related-notes"');
    const section = page.text.slice(start, page.text.indexOf('</section>', start));
    const order = [...section.matchAll(/data-note-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([threeTags, sameCommunity, oneTag]); // a shared community weighs as two shared tags
    expect(section).not.toContain('ไม่เกี่ยวเลย');
    expect(section).not.toContain('ร่างที่เกี่ยว');
  });

  it('lists recently commented notes on the front page, newest comment first', async () => {
    const writer = await signedInClient(server.baseUrl);
    const older = await createNoteViaApi(writer.client, { title: 'มีความเห็นก่อน' });
    const newer = await createNoteViaApi(writer.client, { title: 'มีความเห็นทีหลัง' });
    await writer.client.post(`/api/notes/${older}/comments`, { body: 'หนึ่ง' });
    await writer.client.post(`/api/notes/${newer}/comments`, { body: 'สอง' });
    const home = await clientFromNewAddress(server.baseUrl).get('/');
    const aside = home.text.slice(home.text.indexOf('id="commented-heading"'));
    expect(aside.indexOf('มีความเห็นทีหลัง')).toBeLessThan(aside.indexOf('มีความเห็นก่อน'));
    expect(aside.indexOf('มีความเห็นก่อน')).toBeGreaterThan(-1);
  });

  it('counts at most VIEWS_PER_IP_PER_WINDOW views a minute from one address, written in one batch', async () => {
    const writer = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(writer.client);
    const flooder = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < VIEWS_PER_IP_PER_WINDOW + 20; i++) expect((await flooder.post(`/api/notes/${id}/view`)).status).toBe(204);
    const another = clientFromNewAddress(server.baseUrl);
    expect((await another.post(`/api/notes/${id}/view`)).status).toBe(204);
    const count = () => queryDb<{ view_count: number }>(server, 'SELECT view_count FROM notes WHERE id = ?', id)[0]!.view_count;
    expect(count()).toBe(0); // nothing written per beacon
    await expect.poll(count, { timeout: 15_000, interval: 250 }).toBe(VIEWS_PER_IP_PER_WINDOW + 1);
  });

  it('counts views of public notes with one counter, without the author, and stores nothing about readers', async () => {
    const writer = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(writer.client);
    const draft = await createNoteViaApi(writer.client, { status: 'draft' });
    const reader = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < 3; i++) expect((await reader.post(`/api/notes/${id}/view`)).status).toBe(204);
    expect((await writer.client.post(`/api/notes/${id}/view`)).status).toBe(204); // the author's own read
    expect((await reader.post(`/api/notes/${draft}/view`)).status).toBe(204);
    expect((await reader.post('/api/notes/abc/view')).status).toBe(404);
    // Counts are gathered in memory and written every few seconds.
    const counts = () => queryDb<{ id: number; view_count: number }>(server, 'SELECT id, view_count FROM notes WHERE id IN (?, ?) ORDER BY id', id, draft);
    await expect.poll(counts, { timeout: 15_000, interval: 250 }).toEqual([{ id, view_count: 3 }, { id: draft, view_count: 0 }]);
    const page = await reader.get(`/notes/${id}`);
    expect(page.text).toContain('อ่าน 3 ครั้ง');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain(`data-view-url="/api/notes/${id}/view"`);
  });
});
