/**
 * A community's cover photo (issue 14): the owner or a manager uploads one through the uploads
 * module, with or without JavaScript; it is re-encoded without EXIF/GPS, cropped wide, shown with
 * its alt text on the community page and the listing, replaceable and removable. Anyone else gets
 * 403 and a file that is not a picture a Thai 415, and neither changes anything.
 */
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { signedInClient } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { fetchBytes, pdfBytes, phonePhoto, svgWithScript, uploadFile } from '../helpers/upload-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Account = Awaited<ReturnType<typeof signedInClient>>;
let counter = 0;
async function newCommunity(owner: Account) {
  counter += 1;
  const name = `กลุ่มเกษตรอินทรีย์ ${process.pid} ${counter}`;
  const res = await owner.client.post('/api/communities', { name });
  expect(res.status).toBe(201);
  const slug = res.body.slug as string;
  return { name, slug, api: `/api/communities/${encodeURIComponent(slug)}`, page: `/communities/${encodeURIComponent(slug)}` };
}

/** A multipart POST of `file` (and `alt`) to `path` as `client`: what a browser's form or fetch sends. */
async function postFile(client: TestClient, path: string, name: string, bytes: Buffer, alt?: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), name);
  if (alt !== undefined) form.append('alt', alt);
  const res = await fetch(`${client.baseUrl}${path}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { origin: client.baseUrl, cookie: client.cookieHeader() },
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* an HTML page */
  }
  return { status: res.status, headers: res.headers, body, text };
}

const coverRow = (slug: string) =>
  withDatabase(server.databasePath, (db) =>
    db.prepare('SELECT cover_upload_id AS uploadId, cover_alt AS alt FROM communities WHERE slug = ?').get(slug),
  ) as { uploadId: string | null; alt: string };
const uploadCount = () => withDatabase(server.databasePath, (db) => db.prepare('SELECT count(*) FROM uploads').pluck().get()) as number;
const unreferencedSince = (id: string) =>
  withDatabase(server.databasePath, (db) => db.prepare('SELECT unreferenced_since FROM uploads WHERE id = ?').pluck().get(id)) as
    number | null;

describe('community cover photo', () => {
  it('the owner uploads a phone photo: stored without EXIF/GPS, cropped to 3:1, shown with its alt text on the page, the listing and the API', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    // Landscape once turned upright (orientation 6: stored 1500×3000, shown 3000×1500), with GPS.
    const photo = await phonePhoto({ width: 1500, height: 3000, orientation: 6 });
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await postFile(owner.client, `${c.api}/cover`, 'IMG_2040.JPG', photo, 'สมาชิกล้อมวงคุยที่ศาลาวัด');
    expect(res.status, res.text).toBe(200);
    const { url, alt, width, height } = res.body.cover;
    expect(url).toMatch(/^\/uploads\/[0-9a-f]{32}-1600x533\.jpg$/);
    expect([width, height, alt]).toEqual([1600, 533, 'สมาชิกล้อมวงคุยที่ศาลาวัด']);

    const stored = await fetchBytes(server.baseUrl, url);
    expect(stored.status).toBe(200);
    const meta = await sharp(stored.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 533]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // Turned upright before cropping (a sideways crop would be 1500×500): the fixture's green ramp ran
    // top to bottom, so after a quarter turn clockwise it runs from bright at the left to dark at the right.
    const { data, info } = await sharp(stored.bytes).raw().toBuffer({ resolveWithObject: true });
    const greenAt = (x: number) => data[(Math.floor(info.height / 2) * info.width + x) * info.channels + 1]!;
    expect(greenAt(5) - greenAt(info.width - 5)).toBeGreaterThan(150);

    const page = await new TestClient(server.baseUrl).get(c.page);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img src="${url}" alt="สมาชิกล้อมวงคุยที่ศาลาวัด" width="1600" height="533"`);
    expect(page.text).toMatch(/<source type="image\/webp" srcset="\/uploads\/[0-9a-f]{32}-1600x533-480\.webp 480w,/);
    const listing = await new TestClient(server.baseUrl).get('/communities');
    expect(listing.text).toContain(`<img src="${url}" alt="สมาชิกล้อมวงคุยที่ศาลาวัด"`);
    expect((await new TestClient(server.baseUrl).get(c.api)).body.cover).toMatchObject({
      url,
      alt: 'สมาชิกล้อมวงคุยที่ศาลาวัด',
      width: 1600,
      height: 533,
    });
  });

  it('a manager replaces and removes it; the old upload is left for the clean-up, the current one never is', async () => {
    const owner = await signedInClient(server.baseUrl);
    const manager = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    expect((await manager.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
    expect((await owner.client.request('PUT', `${c.api}/managers/${manager.username}`)).status).toBeLessThan(300);

    const first = await postFile(
      manager.client,
      `${c.api}/cover`,
      'cover.png',
      await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2a7' } })
        .png()
        .toBuffer(),
    );
    expect(first.status).toBe(200);
    // No alt text given: the page still describes the picture, by the community's name.
    expect(first.body.cover.alt).toBe(`ภาพปกชุมชน ${c.name}`);
    expect(first.body.cover.url).toMatch(/-900x300\.jpg$/); // never enlarged
    const firstId = coverRow(c.slug).uploadId!;
    expect(unreferencedSince(firstId)).toBeNull();

    // A day passes: the clean-up leaves the cover alone.
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE uploads SET created_at = ? WHERE id = ?').run(Date.now() - 25 * 3600_000, firstId),
    );
    const gc = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/uploads-gc.ts'], {
      env: { ...process.env, DATABASE_PATH: server.databasePath, DATA_DIR: server.dataDir },
      encoding: 'utf8',
    });
    expect(gc.status, gc.stderr).toBe(0);
    expect(gc.stdout).not.toContain(firstId);
    expect((await fetchBytes(server.baseUrl, first.body.cover.url)).status).toBe(200);

    const second = await postFile(
      manager.client,
      `${c.api}/cover`,
      'cover2.jpg',
      await phonePhoto({ width: 1200, height: 900 }),
      'แปลงผักของกลุ่ม',
    );
    expect(second.status).toBe(200);
    expect(coverRow(c.slug)).toEqual({ uploadId: second.body.cover.url.slice(9, 41), alt: 'แปลงผักของกลุ่ม' });
    expect(unreferencedSince(firstId)).not.toBeNull();

    expect((await manager.client.delete(`${c.api}/cover`)).status).toBe(200);
    expect(coverRow(c.slug)).toEqual({ uploadId: null, alt: '' });
    expect((await new TestClient(server.baseUrl).get(c.page)).text).not.toContain('class="community-cover"');
    expect(unreferencedSince(second.body.cover.url.slice(9, 41))).not.toBeNull();
    // Removing what is not there says so.
    expect((await manager.client.delete(`${c.api}/cover`)).status).toBe(404);

    const audit = withDatabase(server.databasePath, (db) =>
      db
        .prepare(
          "SELECT a.action FROM audit_log a JOIN communities c ON c.id = a.target_id WHERE a.target_type = 'community' AND c.slug = ? AND a.action LIKE '%cover' ORDER BY a.id",
        )
        .pluck()
        .all(c.slug),
    );
    expect(audit).toEqual(['community:set-cover', 'community:set-cover', 'community:remove-cover']);
  });

  it('a member who is not a manager, a visitor, and an archived community change nothing; nor does a file that is not a picture', async () => {
    const owner = await signedInClient(server.baseUrl);
    const member = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    await member.client.post(`${c.api}/membership`, {});
    const set = await postFile(owner.client, `${c.api}/cover`, 'cover.jpg', await phonePhoto(), 'ภาพเดิม');
    expect(set.status).toBe(200);
    const before = coverRow(c.slug);
    const uploadsBefore = uploadCount();

    const photo = await phonePhoto({ width: 800, height: 400 });
    const refused = await postFile(member.client, `${c.api}/cover`, 'mine.jpg', photo, 'ของฉัน');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('เปลี่ยนภาพปกได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
    expect((await member.client.delete(`${c.api}/cover`)).status).toBe(403);
    expect((await member.client.postForm(`${c.page}/cover`, { action: 'remove' }, { origin: server.baseUrl })).status).toBe(403);
    expect((await postFile(new TestClient(server.baseUrl), `${c.api}/cover`, 'anon.jpg', photo)).status).toBe(401);

    for (const [name, bytes] of [
      ['โครงการ.pdf', pdfBytes()],
      ['logo.svg', svgWithScript()],
      ['photo.jpg', Buffer.from('not really a photo')],
    ] as const) {
      const bad = await postFile(owner.client, `${c.api}/cover`, name, bytes, 'ไม่ใช่ภาพ');
      expect(bad.status, name).toBe(415);
      expect(bad.body.error).toMatch(/^ภาพปกต้องเป็นไฟล์ภาพ|^อ่านไฟล์ภาพนี้ไม่ได้/);
    }
    expect((await postFile(owner.client, `${c.api}/cover`, 'empty.jpg', Buffer.alloc(0))).status).toBe(400);

    await owner.client.patch(c.api, { archived: true });
    expect((await postFile(owner.client, `${c.api}/cover`, 'late.jpg', photo)).status).toBe(403);
    expect(coverRow(c.slug)).toEqual(before);
    expect(uploadCount()).toBe(uploadsBefore);
  });

  it('a picture already uploaded with POST /api/uploads becomes the cover with PUT {uploadId, alt}; only your own picture, only a picture', async () => {
    const owner = await signedInClient(server.baseUrl);
    const member = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    await member.client.post(`${c.api}/membership`, {});
    const photo = (await uploadFile(owner.client, 'IMG_7.JPG', await phonePhoto({ width: 1200, height: 600 }), { type: 'image/jpeg' }))
      .body;
    const document = (await uploadFile(owner.client, 'แผน.pdf', pdfBytes())).body;
    const othersPhoto = (await uploadFile(member.client, 'mine.jpg', await phonePhoto({ width: 900, height: 300 }))).body;

    expect((await member.client.request('PUT', `${c.api}/cover`, { json: { uploadId: othersPhoto.id } })).status).toBe(403);
    expect((await owner.client.request('PUT', `${c.api}/cover`, { json: { uploadId: othersPhoto.id } })).status).toBe(403);
    const pdf = await owner.client.request('PUT', `${c.api}/cover`, { json: { uploadId: document.id } });
    expect(pdf.status).toBe(415);
    expect(pdf.body.error).toMatch(/^ภาพปกต้องเป็นไฟล์ภาพ/);
    expect((await owner.client.request('PUT', `${c.api}/cover`, { json: { uploadId: 'f'.repeat(32) } })).status).toBe(404);
    expect((await owner.client.request('PUT', `${c.api}/cover`, { json: { uploadId: '../etc/passwd' } })).status).toBe(400);
    expect(coverRow(c.slug)).toEqual({ uploadId: null, alt: '' });

    const set = await owner.client.request('PUT', `${c.api}/cover`, { json: { uploadId: photo.id, alt: 'ทุ่งนาหน้าศูนย์' } });
    expect(set.status).toBe(200);
    expect(set.body.cover).toMatchObject({ url: photo.url, alt: 'ทุ่งนาหน้าศูนย์', width: 1200, height: 600 });
    expect(unreferencedSince(photo.id)).toBeNull();
    expect((await new TestClient(server.baseUrl).get(c.page)).text).toContain(`<img src="${photo.url}" alt="ทุ่งนาหน้าศูนย์"`);
  });

  it('works without JavaScript: the manage page has a plain file form, which sets the cover and comes back; a second form removes it', async () => {
    const owner = await signedInClient(server.baseUrl);
    const c = await newCommunity(owner);
    const manage = await owner.client.get(`${c.page}/manage`);
    expect(manage.text).toContain(`action="${c.page}/cover" enctype="multipart/form-data"`);
    expect(manage.text).toMatch(
      /<input type="file" name="file" accept="image\/jpeg,image\/png,image\/webp,image\/gif,image\/heic,image\/heif" required/,
    );

    const posted = await postFile(
      owner.client,
      `${c.page}/cover`,
      'IMG_1.JPG',
      await phonePhoto({ width: 1600, height: 1200 }),
      'ป้ายหน้าศูนย์เรียนรู้',
    );
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${c.page}/manage?cover=saved#cover`);
    const after = await owner.client.get(`${c.page}/manage?cover=saved`);
    expect(after.text).toContain('บันทึกภาพปกแล้ว');
    expect(after.text).toContain('alt="ป้ายหน้าศูนย์เรียนรู้"');
    expect(after.text).toContain('id="remove-cover"');

    const notPicture = await postFile(owner.client, `${c.page}/cover`, 'แผนงาน.pdf', pdfBytes());
    expect(notPicture.status).toBe(415);
    expect(notPicture.text).toContain('ภาพปกต้องเป็นไฟล์ภาพ');
    expect(coverRow(c.slug).alt).toBe('ป้ายหน้าศูนย์เรียนรู้');

    const removed = await owner.client.postForm(`${c.page}/cover`, { action: 'remove' }, { origin: server.baseUrl });
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${c.page}/manage?cover=removed#cover`);
    expect(coverRow(c.slug).uploadId).toBeNull();
  });
});
