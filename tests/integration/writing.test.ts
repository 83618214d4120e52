import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('writing experience', () => {
  it('previews Markdown with the same sanitising renderer as saved notes', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const body = '# หัวข้อ\n\n**หนา** <script>alert(1)</script> [x](javascript:alert(1))';
    const preview = await client.post('/api/preview', { body });
    expect(preview.status).toBe(200);
    const saved = await client.post('/api/notes', { title: 'เทียบตัวอย่าง', body });
    const note = await client.get(`/api/notes/${saved.body.id}`);
    expect(preview.body.html).toBe(note.body.html);
    expect(preview.body.html).toContain('<h2>หัวข้อ</h2>');
    expect(preview.body.html).not.toContain('<script');
    expect(preview.body.html).not.toContain('javascript:');
    expect((await clientFromNewAddress(server.baseUrl).post('/api/preview', { body })).status).toBe(401);
    const tooBig = await client.post('/api/preview', { body: 'ก'.repeat(80_000) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error).toContain('KB');
  });

  it('autosaves a new note as a private draft without revisions, listed on the profile, until it is published', async () => {
    const writer = await signedInClient(server.baseUrl);
    const first = await writer.client.post('/api/drafts', { title: 'ร่างอัตโนมัติ', body: '' });
    expect(first.status).toBe(201);
    const id = first.body.id;
    expect(first.body.editUrl).toBe(`/notes/${id}/edit`);
    for (let i = 1; i <= 3; i++) {
      const save = await writer.client.request('PUT', `/api/drafts/${id}`, {
        json: { title: 'ร่างอัตโนมัติ', body: `ย่อหน้าที่ ${i}`, tags: 'ร่าง' },
      });
      expect(save.status).toBe(200);
    }
    expect(queryDb(server, 'SELECT * FROM note_revisions WHERE note_id = ?', id)).toEqual([]);
    const row = queryDb<{ status: string; body_markdown: string }>(server, 'SELECT status, body_markdown FROM notes WHERE id = ?', id)[0]!;
    expect(row).toEqual({ status: 'draft', body_markdown: 'ย่อหน้าที่ 3' });

    const profile = await writer.client.get(`/u/${writer.username}`);
    expect(profile.text).toContain('ฉบับร่างของฉัน');
    expect(profile.text).toContain('ร่างอัตโนมัติ');
    const anon = clientFromNewAddress(server.baseUrl);
    expect((await anon.get(`/u/${writer.username}`)).text).not.toContain('ร่างอัตโนมัติ');
    expect((await anon.get(`/notes/${id}`)).status).toBe(404);

    const other = await signedInClient(server.baseUrl);
    expect((await other.client.request('PUT', `/api/drafts/${id}`, { json: { title: 'ยึด', body: '' } })).status).toBe(403);
    const noTitle = await writer.client.request('PUT', `/api/drafts/${id}`, { json: { title: ' ', body: 'x' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.fields.title).toContain('กรุณากรอกชื่อบันทึก');

    const published = await writer.client.postForm(`/notes/${id}/edit`, {
      title: 'ร่างอัตโนมัติ',
      body: 'ย่อหน้าที่ 3',
      tags: 'ร่าง',
      status: 'published',
    });
    expect(published.status).toBe(303);
    const late = await writer.client.request('PUT', `/api/drafts/${id}`, { json: { title: 'ร่างอัตโนมัติ', body: 'ทับของที่เผยแพร่' } });
    expect(late.status).toBe(409);
    expect((await anon.get(`/notes/${id}`)).text).toContain('ย่อหน้าที่ 3');
  });

  it('guides are MDX pages linked from the editor and from an empty profile', async () => {
    const writer = await signedInClient(server.baseUrl);
    const editor = await writer.client.get('/notes/new');
    expect(editor.text).toContain('href="/guides/first-note"');
    expect(editor.text).toContain('data-md="heading"');
    expect(editor.text).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
    expect((await writer.client.get(`/u/${writer.username}`)).text).toContain('href="/guides/first-note"');
    const anon = clientFromNewAddress(server.baseUrl);
    const guide = await anon.get('/guides/first-note');
    expect(guide.status).toBe(200);
    expect(guide.text).toContain('เขียนบันทึกแรกใน 10 นาที');
    expect(guide.text).toContain('<li>เลือกเรื่องเดียว</li>'); // rendered from an MDX expression
    const aar = await anon.get('/guides/how-to-run-aar');
    expect(aar.text).toContain('คุณลิขิต');
    expect((await anon.get('/guides')).text).toContain('href="/guides/how-to-run-aar"');
    expect((await anon.get('/guides/no-such-guide')).status).toBe(404);
  });
});
