/**
 * "For authors" (issue 26): a member sees on their own profile their notes' views by week (written
 * with the batched view counts: note_view_weeks), the comments and appreciation they received and
 * the "applied" stories of assets built on their notes. Nobody else sees it; no cookie is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';
import { viewWeek } from '../../src/lib/view-week.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const stat = (html: string, name: string) => new RegExp(`data-stat="${name}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe('author statistics on the profile', () => {
  it('shows the author their weekly views, comments, appreciation and applied stories, and no one else', async () => {
    const author = await signedInClient(server.baseUrl);
    const reader = await signedInClient(server.baseUrl);
    const note = await createNoteViaApi(author.client, { title: 'เลี้ยงไก่ไข่อินทรีย์' });
    const draft = await createNoteViaApi(author.client, { title: 'ร่าง', status: 'draft' });
    const profile = `/u/${author.username}`;

    const anonymous = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < 3; i++) expect((await anonymous.post(`/api/notes/${note}/view`)).status).toBe(204);
    expect((await anonymous.post(`/api/notes/${draft}/view`)).status).toBe(204);
    expect((await author.client.post(`/api/notes/${note}/view`)).status).toBe(204); // the author's own read
    expect((await reader.client.post(`/api/notes/${note}/comments`, { body: 'ขอสูตรอาหารไก่ด้วยครับ' })).status).toBe(201);
    expect((await author.client.post(`/api/notes/${note}/comments`, { body: 'ได้เลยครับ' })).status).toBe(201);
    expect((await reader.client.post(`/api/notes/${note}/appreciation`)).status).toBe(200);

    // The week's row is written with the batched counts (a few seconds), one row per note and week.
    const weeks = () => queryDb<{ note_id: number; week: string; views: number }>(server, 'SELECT * FROM note_view_weeks');
    await expect.poll(weeks, { timeout: 15_000, interval: 250 }).toEqual([{ note_id: note, week: viewWeek(Date.now()), views: 3 }]);

    const slug = (await author.client.post('/api/communities', { name: `ชุมชนไก่ไข่ ${process.pid}` })).body.slug as string;
    const asset = await author.client.post(`/api/communities/${encodeURIComponent(slug)}/assets`, {
      title: 'คู่มือเลี้ยงไก่ไข่',
      summary: 'สรุป',
      sourceNoteIds: [note],
    });
    expect((await reader.client.post(`/api/communities/${encodeURIComponent(slug)}/membership`)).status).toBe(200);
    const story = 'ทำตามที่ตำบลหนองบัว ไข่เพิ่มวันละ 20 ฟอง';
    expect((await reader.client.post(`/api/assets/${asset.body.id}/applied`, { story })).status).toBe(201);

    const page = await author.client.get(profile);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-author-stats');
    expect(stat(page.text, 'views')).toBe('3');
    expect(stat(page.text, 'comments')).toBe('1');
    expect(stat(page.text, 'appreciations')).toBe('1');
    expect(stat(page.text, 'applied')).toBe('1');
    expect(page.text).toContain(story);
    expect((page.text.match(/<tr data-week=/g) ?? []).length).toBe(12);
    expect(page.text).toMatch(new RegExp(`data-week="${viewWeek(Date.now())}"[\\s\\S]*?data-views[^>]*>3<`));
    // No cookie but the member's own session (renewed as it is on any signed-in page), no third-party script.
    expect(page.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).not.toContain(
      expect.not.stringMatching(/^banthuek_session$/),
    );
    expect(page.text).not.toMatch(/<script[^>]+src="https?:/);

    expect((await reader.client.get(profile)).text).not.toContain('data-author-stats');
    expect((await new TestClient(server.baseUrl).get(profile)).text).not.toContain('data-author-stats');
  });
});
