/**
 * Knowledge assets of a community (issue 26): members create and edit them like a wiki (each edit
 * a revision, a moderator undoes one), "นำไปใช้แล้ว" stories are counted, and the KM report's
 * assets and applied counts move with them. Non-members get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import { spawnSync } from 'node:child_process';
import { fetchBytes, pngBytes, uploadFile } from '../helpers/upload-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('knowledge assets', () => {
  it('a member creates, edits, undoes and marks an asset applied; outsiders are refused', async () => {
    const owner = await signedInClient(server.baseUrl);
    const member = await signedInClient(server.baseUrl);
    const outsider = await signedInClient(server.baseUrl);
    const created = await owner.client.post('/api/communities', { name: `คลังความรู้กองทุน ${process.pid}` });
    const slug = created.body.slug as string;
    expect((await member.client.post(`/api/communities/${encodeURIComponent(slug)}/membership`)).status).toBe(200);
    const source = await createNoteViaApi(member.client, { title: 'บทเรียนกองทุนสวัสดิการ' });
    const draft = await createNoteViaApi(member.client, { title: 'ร่าง', status: 'draft' });
    const api = `/api/communities/${encodeURIComponent(slug)}/assets`;
    const input = { title: 'วิธีตั้งกองทุนสวัสดิการชุมชน', summary: 'ขั้นแรก\n\nประชุมสมาชิก', sourceNoteIds: [source] };

    expect((await outsider.client.post(api, input)).status).toBe(403);
    expect((await new TestClient(server.baseUrl).post(api, input)).status).toBe(401);
    const refused = await member.client.post(api, { ...input, sourceNoteIds: [draft] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/[ก-๙]/);

    const asset = await member.client.post(api, input);
    expect(asset.status).toBe(201);
    expect(Object.keys(asset.body).sort()).toEqual(['id', 'url']);
    const id = asset.body.id as number;
    expect(asset.body.url).toMatch(new RegExp(`/communities/${encodeURIComponent(slug)}/assets/${id}$`));
    const read = await new TestClient(server.baseUrl).get(`/api/assets/${id}`);
    expect(read.body).toMatchObject({
      id,
      title: input.title,
      summary: input.summary,
      revision: 1,
      appliedCount: 0,
      community: { slug },
    });
    expect(read.body.sources).toEqual([
      { id: source, title: 'บทเรียนกองทุนสวัสดิการ', url: expect.stringMatching(new RegExp(`/notes/${source}$`)) },
    ]);

    expect((await outsider.client.patch(`/api/assets/${id}`, { summary: 'ทำลาย' })).status).toBe(403);
    const edited = await owner.client.patch(`/api/assets/${id}`, { summary: 'ขั้นแรก\n\nประชุมสมาชิกทุกหมู่บ้าน', revision: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(2);
    expect((await member.client.patch(`/api/assets/${id}`, { summary: 'ชนกัน', revision: 1 })).status).toBe(409);
    const vandal = await member.client.patch(`/api/assets/${id}`, { summary: 'ข้อความผิด' });
    expect(vandal.body.revision).toBe(3);

    expect((await member.client.post(`/api/assets/${id}/revisions`, { undo: 3 })).status).toBe(403);
    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const undone = await moderator.client.post(`/api/assets/${id}/revisions`, { undo: 3 });
    expect(undone.body).toMatchObject({ revision: 4, summary: 'ขั้นแรก\n\nประชุมสมาชิกทุกหมู่บ้าน' });
    const history = await new TestClient(server.baseUrl).get(`/api/assets/${id}/revisions`);
    expect(history.body.items.map((r: { revision: number }) => r.revision)).toEqual([4, 3, 2, 1]);

    expect((await outsider.client.post(`/api/assets/${id}/applied`, { story: 'ใช้ที่ตำบลของฉันแล้วได้ผลดีมาก' })).status).toBe(403);
    expect((await member.client.post(`/api/assets/${id}/applied`, { story: 'สั้น' })).status).toBe(400);
    const applied = await member.client.post(`/api/assets/${id}/applied`, { story: 'ใช้ที่ตำบลบ้านไผ่แล้ว สมาชิกเพิ่มขึ้น 40 คน' });
    expect(applied.status).toBe(201);
    expect(applied.body.appliedCount).toBe(1);

    const page = await new TestClient(server.baseUrl).get(`/communities/${encodeURIComponent(slug)}/assets/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-applied-count>1<');
    expect(page.text).toContain('สมาชิกเพิ่มขึ้น 40 คน');
    expect(page.text).toContain('ดูสิ่งที่เปลี่ยน');
    const communityPage = await new TestClient(server.baseUrl).get(`/communities/${encodeURIComponent(slug)}`);
    expect(communityPage.text).toContain(`data-asset-id="${id}"`);

    // In the sitemap and in the community's and the site's feeds, dated by its last revision.
    const assetUrl = asset.body.url as string;
    const anonymous = new TestClient(server.baseUrl);
    expect((await anonymous.get('/sitemap.xml')).text).toContain(`<loc>${assetUrl}</loc>`);
    const communityFeed = (await anonymous.get(`/communities/${encodeURIComponent(slug)}/rss.xml`)).text;
    expect(communityFeed).toContain(`<link>${assetUrl}</link>`);
    expect(communityFeed).toContain(`<title>คลังความรู้: ${input.title}</title>`);
    expect(communityFeed).toContain('ประชุมสมาชิกทุกหมู่บ้าน');
    expect((await anonymous.get('/rss.xml')).text).toContain(`<guid isPermaLink="true">${assetUrl}</guid>`);

    const year = new Date().getUTCFullYear();
    const report = await owner.client.get(`/api/reports/km?community=${encodeURIComponent(slug)}&from=${year}-01-01&to=${year}-12-31`);
    expect(report.body).toMatchObject({ assets: 1, applied: 1 });
  });

  it('a member proposes a note as a source from its page; outsiders, drafts and empty choices are refused', async () => {
    const owner = await signedInClient(server.baseUrl);
    const writer = await signedInClient(server.baseUrl);
    const outsider = await signedInClient(server.baseUrl);
    const slug = (await owner.client.post('/api/communities', { name: `ชุมชนเสนอแหล่งที่มา ${process.pid}` })).body.slug as string;
    const assetId = (
      await owner.client.post(`/api/communities/${encodeURIComponent(slug)}/assets`, { title: 'บทเรียนการออมวันละบาท', summary: 'สรุปวิธีออม' })
    ).body.id as number;
    const note = await createNoteViaApi(writer.client, { title: 'ออมวันละบาทที่บ้านโนนสูง' });
    const draft = await createNoteViaApi(writer.client, { title: 'ร่างเรื่องออม', status: 'draft' });
    const proposePath = `/notes/${note}/sources`;

    const notePage = await new TestClient(server.baseUrl).get(`/notes/${note}`);
    expect(notePage.text).toContain(`href="${proposePath}"`);
    expect((await new TestClient(server.baseUrl).get(proposePath)).headers.get('location')).toMatch(/^\/login\?next=/);

    // Not a member yet: nothing to choose, and a forged post is refused without a row.
    const before = await owner.client.get(proposePath);
    expect(before.text).toContain('id="propose-source-form"');
    expect(before.text).toContain(`<option value="${assetId}"`);
    const refused = await outsider.client.postForm(proposePath, { asset: String(assetId) });
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/เข้าร่วมชุมชนก่อน/);
    expect((await outsider.client.get(proposePath)).text).not.toContain('id="propose-source-form"');
    expect((await owner.client.postForm(proposePath, { asset: 'abc' })).status).toBe(400);
    expect((await owner.client.postForm(`/notes/${draft}/sources`, { asset: String(assetId) })).status).toBe(404);
    expect((await writer.client.postForm(`/notes/${draft}/sources`, { asset: String(assetId) })).status).toBe(409);
    expect((await new TestClient(server.baseUrl).get(`/api/assets/${assetId}`)).body.sources).toEqual([]);

    const proposed = await owner.client.postForm(proposePath, { asset: String(assetId) });
    expect(proposed.status).toBe(303);
    expect(proposed.headers.get('location')).toBe(`/communities/${encodeURIComponent(slug)}/assets/${assetId}#asset-sources`);
    const sources = (await new TestClient(server.baseUrl).get(`/api/assets/${assetId}`)).body.sources as { id: number }[];
    expect(sources.map((s) => s.id)).toEqual([note]);
    // Once cited, the asset is no longer offered; starting a new asset from the note still is.
    const after = await owner.client.get(proposePath);
    expect(after.text).not.toContain(`<option value="${assetId}"`);
    expect(after.text).toContain(`/communities/${encodeURIComponent(slug)}/assets/new?note=${note}`);
  });

  it('the summary is written in the rich editor, and a photo in it outlives the uploads clean-up', async () => {
    const owner = await signedInClient(server.baseUrl);
    const slug = (await owner.client.post('/api/communities', { name: `ชุมชนรูปคลังความรู้ ${process.pid}` })).body.slug as string;
    const base = `/communities/${encodeURIComponent(slug)}/assets`;
    for (const html of [(await owner.client.get(`${base}/new`)).text]) {
      expect(html).toMatch(/<textarea[^>]*id="asset-summary"[^>]*data-rich=/);
      expect(html).toContain('data-rich-toolbar');
    }
    const photo = await uploadFile(owner.client, 'well.png', await pngBytes(), { type: 'image/png', alt: 'บ่อน้ำ' });
    expect(photo.status).toBe(201);
    const created = await owner.client.post(`/api/communities/${encodeURIComponent(slug)}/assets`, {
      title: 'บ่อน้ำชุมชน',
      summary: `ขุดบ่อก่อนหน้าแล้ง\n\n${photo.body.markdown}`,
    });
    expect((await owner.client.get(`${base}/${created.body.id}`)).text).toMatch(/<textarea[^>]*id="asset-summary"[^>]*data-rich=/);
    // Edited out of the current text, the photo is still in revision 1 (an undo may bring it back).
    await owner.client.patch(`/api/assets/${created.body.id}`, { summary: 'ขุดบ่อก่อนหน้าแล้ง' });
    withDatabase(server.databasePath, (db) =>
      db
        .prepare('UPDATE uploads SET created_at = ?, unreferenced_since = NULL WHERE id = ?')
        .run(Date.now() - 25 * 3600_000, photo.body.id),
    );
    const gc = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/uploads-gc.ts'], {
      env: { ...process.env, DATABASE_PATH: server.databasePath, DATA_DIR: server.dataDir },
      encoding: 'utf8',
    });
    expect(gc.status, gc.stderr).toBe(0);
    expect(gc.stdout).not.toContain(photo.body.id);
    expect((await fetchBytes(server.baseUrl, photo.body.url)).status).toBe(200);
  });
});
