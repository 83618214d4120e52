import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';
import { VIEWS_PER_IP_PER_WINDOW } from '~/lib/server/view-counts.ts';
import { withDatabase } from '../helpers/roles.ts';
import { MAX_NUMBERED_PAGE } from '~/lib/list-position.ts';
import { NOTES_PER_PAGE } from '~/lib/server/note.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

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

  it('drops a related note from cached note pages as soon as it goes back to draft or is deleted', async () => {
    const writer = await signedInClient(server.baseUrl);
    const main = await createNoteViaApi(writer.client, { title: 'หน้าที่ถูกแคช', tags: ['ลำไย'] });
    const drafted = await createNoteViaApi(writer.client, { title: 'กลับเป็นร่าง', tags: ['ลำไย'] });
    const deleted = await createNoteViaApi(writer.client, { title: 'ถูกลบทิ้ง', tags: ['ลำไย'] });
    const reader = clientFromNewAddress(server.baseUrl);
    const relatedIds = async () => {
      const page = await reader.get(`/notes/${main}`);
      const start = page.text.indexOf('id="related-notes"');
      return start < 0
        ? []
        : [...page.text.slice(start, page.text.indexOf('</section>', start)).matchAll(/data-note-id="(\d+)"/g)].map((m) => Number(m[1]));
    };
    // Twice: the second answer comes from the anonymous page cache.
    expect((await relatedIds()).sort()).toEqual([drafted, deleted].sort());
    expect((await relatedIds()).sort()).toEqual([drafted, deleted].sort());

    expect((await writer.client.patch(`/api/notes/${drafted}`, { status: 'draft' })).status).toBe(200);
    expect(await relatedIds()).toEqual([deleted]);
    expect((await writer.client.delete(`/api/notes/${deleted}`)).status).toBeLessThan(300);
    expect(await relatedIds()).toEqual([]);
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
    const counts = () =>
      queryDb<{ id: number; view_count: number }>(server, 'SELECT id, view_count FROM notes WHERE id IN (?, ?) ORDER BY id', id, draft);
    await expect.poll(counts, { timeout: 15_000, interval: 250 }).toEqual([
      { id, view_count: 3 },
      { id: draft, view_count: 0 },
    ]);
    const page = await reader.get(`/notes/${id}`);
    expect(page.text).toContain('อ่าน 3 ครั้ง');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain(`data-view-url="/api/notes/${id}/view"`);
  });
});

describe('view beacons sent the way the note page sends them (no body, our Origin)', () => {
  it('count anonymous reads with security headers; refuse another site; never count the author', async () => {
    const writer = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(writer.client);
    const beacon = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/notes/${id}/view`, { method: 'POST', headers });
    for (let i = 0; i < 2; i++) {
      const sent = await beacon({ origin: server.baseUrl, 'x-forwarded-for': `203.0.113.${150 + i}` });
      expect(sent.status).toBe(204);
      expect(sent.headers.get('x-content-type-options')).toBe('nosniff');
      expect(sent.headers.get('cache-control')).toBe('no-store');
    }
    expect((await beacon({ origin: 'https://evil.example', 'x-forwarded-for': '203.0.113.160' })).status).toBe(403);
    const cookie = `banthuek_session=${writer.client.getCookie('banthuek_session')}`;
    expect((await beacon({ origin: server.baseUrl, cookie, 'x-forwarded-for': '203.0.113.161' })).status).toBe(204);
    expect((await fetch(`${server.baseUrl}/api/notes/0/view`, { method: 'POST', headers: { origin: server.baseUrl } })).status).toBe(404);
    const count = () => queryDb<{ view_count: number }>(server, 'SELECT view_count FROM notes WHERE id = ?', id)[0]!.view_count;
    await expect.poll(count, { timeout: 15_000, interval: 250 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // one more flush: nothing else arrives
    expect(count()).toBe(2);
  });
});

describe('long lists', () => {
  /** Publishes `count` notes tagged `tag` straight into the database (faster than the API's rate limits); ids oldest first. */
  function publishTagged(tag: string, count: number, at = Date.now()): number[] {
    return withDatabase(server.databasePath, (db) => {
      const author = db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').pluck().get() as number;
      const tagId = Number(db.prepare('INSERT INTO tags (name, key) VALUES (?, ?)').run(tag, tag).lastInsertRowid);
      const insert = db.prepare(`INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status, published_at)
        VALUES (?, ?, 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', ?)`);
      return db.transaction(() =>
        Array.from({ length: count }, (_, i) => {
          const id = Number(insert.run(author, `${tag} ${i}`, at + i).lastInsertRowid);
          db.prepare('INSERT INTO note_tags (note_id, tag_id) VALUES (?, ?)').run(id, tagId);
          return id;
        }),
      )();
    });
  }
  const listed = (html: string) => [...html.matchAll(/class="note-item card" data-note-id="(\d+)"/g)].map((m) => Number(m[1]));
  const link = (html: string, rel: 'next' | 'prev') =>
    new RegExp(`<a href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll('&amp;', '&');

  it('links pages by cursor, so a note written meanwhile neither repeats nor hides one; ?page=N still works', async () => {
    const ids = publishTagged('รายการยาว', NOTES_PER_PAGE + 5).reverse();
    const reader = clientFromNewAddress(server.baseUrl);
    const first = await reader.get(`/tags/${encodeURIComponent('รายการยาว')}`);
    expect(listed(first.text)).toEqual(ids.slice(0, NOTES_PER_PAGE));
    const older = link(first.text, 'next')!;
    expect(older).toBe(`/tags/${encodeURIComponent('รายการยาว')}?before=${ids[NOTES_PER_PAGE - 1]}`);
    publishTagged('รายการยาว-ใหม่', 1, Date.now() + 60_000); // a newer note, then filed under this tag too
    withDatabase(server.databasePath, (db) =>
      db.prepare("INSERT INTO note_tags (note_id, tag_id) SELECT max(id), (SELECT id FROM tags WHERE name = 'รายการยาว') FROM notes").run(),
    );
    const second = await reader.get(older);
    expect(second.status).toBe(200);
    expect(listed(second.text)).toEqual(ids.slice(NOTES_PER_PAGE)); // not the last of page 1 again
    expect(link(second.text, 'next')).toBeUndefined();
    const back = await reader.get(link(second.text, 'prev')!);
    expect(listed(back.text)).toEqual(ids.slice(0, NOTES_PER_PAGE));
    // The numbered address of before: offset, so page 2 now starts one note later.
    expect(listed((await reader.get(`/tags/${encodeURIComponent('รายการยาว')}?page=2`)).text)).toEqual(ids.slice(NOTES_PER_PAGE - 1));
    const unknown = await reader.get(`/tags/${encodeURIComponent('รายการยาว')}?before=99999999`);
    expect([unknown.status, unknown.headers.get('location')]).toEqual([302, `/tags/${encodeURIComponent('รายการยาว')}`]);
  });

  it(`redirects a numbered page past ${MAX_NUMBERED_PAGE} to its cursor address, which lists the same notes`, async () => {
    const ids = publishTagged('รายการลึก', NOTES_PER_PAGE * (MAX_NUMBERED_PAGE + 1) + 3).reverse();
    const reader = clientFromNewAddress(server.baseUrl);
    const base = `/tags/${encodeURIComponent('รายการลึก')}`;
    const deep = await reader.get(`${base}?page=${MAX_NUMBERED_PAGE + 2}`);
    expect(deep.status).toBe(301);
    expect(deep.headers.get('location')).toBe(`${base}?before=${ids[(MAX_NUMBERED_PAGE + 1) * NOTES_PER_PAGE - 1]}`);
    const page = await reader.get(deep.headers.get('location')!);
    expect(listed(page.text)).toEqual(ids.slice((MAX_NUMBERED_PAGE + 1) * NOTES_PER_PAGE));
    expect((await reader.get(`${base}?page=${MAX_NUMBERED_PAGE}`)).status).toBe(200); // within the cap: as before
  });
});
