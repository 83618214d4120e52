/**
 * Profile photos and the settings list of uploads: a photo posted by the settings form (no
 * JavaScript) comes back square, upright and without GPS, shows on the profile, the note byline,
 * comments and the directory, and a new one shows at once on cached pages; a refused file changes
 * nothing; removal, suspension and the clean-up; the uploads list with where each file is used and
 * its delete buttons, which nobody else may use. Fixtures are made here with sharp.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import { bombPng, fetchBytes, pdfBytes, phonePhoto, pngBytes, postAvatar, svgWithScript, uploadFile } from '../helpers/upload-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const anon = () => new TestClient(server.baseUrl);
const uploadsDir = () => join(server.dataDir, 'uploads');
const filesOf = (id: string) => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()).filter((f) => f.startsWith(id)) : []);
const avatarOf = (userId: number) =>
  withDatabase(
    server.databasePath,
    (db) => db.prepare('SELECT avatar_upload_id FROM users WHERE id = ?').pluck().get(userId) as string | null,
  );
const uploadRows = (userId: number) =>
  withDatabase(
    server.databasePath,
    (db) => db.prepare('SELECT id FROM uploads WHERE owner_id = ? ORDER BY id').pluck().all(userId) as string[],
  );
const avatarImg = (html: string, id: string) =>
  new RegExp(
    `<img class="avatar avatar-\\w+ avatar-photo" src="/uploads/${id}-256x256-96\\.webp" srcset="/uploads/${id}-256x256-96\\.webp 96w, /uploads/${id}-256x256-256\\.webp 256w"[^>]*alt="รูปของ [^"]+"`,
  ).test(html);

/** A member with a profile photo set through the settings form. */
async function memberWithAvatar(photo?: Buffer) {
  const member = await signedInClient(server.baseUrl);
  const res = await postAvatar(member.client, 'IMG_0420.JPG', photo ?? (await phonePhoto({ width: 1200, height: 900 })));
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return { ...member, avatarId: avatarOf(member.id)! };
}

describe('uploading a profile photo without JavaScript', () => {
  it('stores an upright centre square at 96 and 256 px with no GPS or other metadata, served immutable', async () => {
    // Orientation 6: shown turned 90° clockwise. The fixture's red grows left→right and green top→bottom,
    // so upright the red grows top→bottom and the green right→left.
    const member = await signedInClient(server.baseUrl);
    const photo = await phonePhoto({ width: 1200, height: 900, orientation: 6 });
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await postAvatar(member.client, 'IMG_0420.JPG', photo);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/settings?saved=avatar#avatar');
    const id = avatarOf(member.id);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(filesOf(id!).sort()).toEqual([`${id}-256x256-256.webp`, `${id}-256x256-96.webp`, `${id}-256x256.jpg`].sort());
    for (const [file, side] of [
      [`${id}-256x256-96.webp`, 96],
      [`${id}-256x256-256.webp`, 256],
      [`${id}-256x256.jpg`, 256],
    ] as const) {
      const served = await fetchBytes(server.baseUrl, `/uploads/${file}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(served.bytes).metadata();
      expect({
        file,
        width: meta.width,
        height: meta.height,
        exif: meta.exif,
        icc: meta.icc,
        xmp: meta.xmp,
        orientation: meta.orientation,
      }).toEqual({ file, width: side, height: side, exif: undefined, icc: undefined, xmp: undefined, orientation: undefined });
    }
    const { data, info } = await sharp((await fetchBytes(server.baseUrl, `/uploads/${id}-256x256.jpg`)).bytes)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const i = (y * info.width + x) * info.channels;
      return { r: data[i]!, g: data[i + 1]! };
    };
    expect(pixel(128, 250).r - pixel(128, 5).r).toBeGreaterThan(60);
    expect(pixel(5, 128).g - pixel(250, 128).g).toBeGreaterThan(60);
    const settings = await member.client.get(res.location!);
    expect(settings.text).toContain('บันทึกรูปประจำตัวแล้ว');
    expect(avatarImg(settings.text, id!)).toBe(true);
  });

  it('shows the photo on the profile, the note byline, comments and the directory, with alt text', async () => {
    const member = await memberWithAvatar();
    const noteId = await createNoteViaApi(member.client, { title: 'บันทึกของคนมีรูป' });
    const reader = await signedInClient(server.baseUrl);
    expect((await member.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นของเจ้าของรูป' })).status).toBe(201);
    expect((await reader.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นของคนไม่มีรูป' })).status).toBe(201);
    const profile = await anon().get(`/u/${member.username}`);
    expect(avatarImg(profile.text, member.avatarId)).toBe(true);
    expect(profile.text).toContain(`alt="รูปของ ผู้ทดสอบ ${member.username}"`);
    const page = (await anon().get(`/notes/${noteId}`)).text;
    const byline = page.slice(page.indexOf('<h1>'), page.indexOf('เขียนเมื่อ'));
    expect(avatarImg(byline, member.avatarId)).toBe(true);
    const comments = [...page.matchAll(/<div class="comment" id="comment-\d+"[\s\S]*?<\/time>/g)].map((m) => m[0]);
    expect(comments).toHaveLength(2);
    expect(avatarImg(comments[0]!, member.avatarId)).toBe(true);
    // Initials stay the fallback for a member without a photo.
    expect(comments[1]).toMatch(/<span class="avatar avatar-tiny avatar-c\d" aria-hidden="true">ผ[^<]*<\/span>/);
    const people = await anon().get(`/api/people?q=${member.username}`);
    expect(people.body.items).toEqual([
      expect.objectContaining({ username: member.username, avatarUrl: `/uploads/${member.avatarId}-256x256-96.webp` }),
    ]);
    expect((await anon().get(`/api/people?q=${reader.username}`)).body.items[0].avatarUrl).toBeNull();
    expect(avatarImg((await anon().get(`/people?q=${member.username}`)).text, member.avatarId)).toBe(true);
  });

  it('a new photo shows at once on cached pages, under a new URL; the old one is removed', async () => {
    const member = await memberWithAvatar();
    const noteId = await createNoteViaApi(member.client);
    const other = await signedInClient(server.baseUrl);
    const otherNote = await createNoteViaApi(other.client);
    expect((await member.client.post(`/api/notes/${otherNote}/comments`, { body: 'ความเห็นบนบันทึกของคนอื่น' })).status).toBe(201);
    for (const path of [`/notes/${noteId}`, `/notes/${otherNote}`, `/u/${member.username}`]) {
      await anon().get(path);
      expect({ path, cache: (await anon().get(path)).headers.get('x-cache') }).toEqual({ path, cache: 'hit' });
    }
    const before = member.avatarId;
    expect((await postAvatar(member.client, 'new.png', await pngBytes(300, 200), 'image/png')).status).toBe(303);
    const after = avatarOf(member.id)!;
    expect(after).not.toBe(before);
    for (const path of [`/notes/${noteId}`, `/notes/${otherNote}`, `/u/${member.username}`]) {
      const html = (await anon().get(path)).text;
      expect({ path, shown: avatarImg(html, after), old: html.includes(before) }).toEqual({ path, shown: true, old: false });
    }
    expect(filesOf(before)).toEqual([]);
    expect(uploadRows(member.id)).toEqual([after]);
    expect((await fetchBytes(server.baseUrl, `/uploads/${before}-256x256-96.webp`)).status).toBe(404);
  });
});

describe('refused photos change nothing', () => {
  it('answers 415, 413 or 400 with a Thai reason on the form, keeping the photo there was', async () => {
    const member = await memberWithAvatar();
    const cases = [
      {
        name: 'logo.svg',
        bytes: svgWithScript(),
        type: 'image/svg+xml',
        status: 415,
        says: /รูปประจำตัวต้องเป็นไฟล์ภาพ JPEG, PNG, WebP หรือ GIF/,
      },
      { name: 'agenda.pdf', bytes: pdfBytes(), type: 'application/pdf', status: 415, says: /รูปประจำตัวต้องเป็นไฟล์ภาพ/ },
      { name: 'bomb.png', bytes: bombPng(), type: 'image/png', status: 413, says: /ใหญ่เกิน 50 ล้านพิกเซล/ },
      { name: 'empty.jpg', bytes: Buffer.alloc(0), type: 'image/jpeg', status: 400, says: /กรุณาเลือกรูปภาพ/ },
      {
        name: 'broken.jpg',
        bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]),
        type: 'image/jpeg',
        status: 415,
        says: /อ่านไฟล์ภาพนี้ไม่ได้/,
      },
    ];
    for (const c of cases) {
      const res = await postAvatar(member.client, c.name, c.bytes, c.type);
      expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: c.status });
      expect(res.text).toMatch(c.says);
      expect(res.text).toContain('enctype="multipart/form-data"'); // the form is there to try again
    }
    expect(avatarOf(member.id)).toBe(member.avatarId);
    expect(uploadRows(member.id)).toEqual([member.avatarId]);
    expect(readdirSync(uploadsDir()).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a body over 20 MB with 413 before reading it', async () => {
    const member = await memberWithAvatar();
    const res = await postAvatar(member.client, 'huge.jpg', Buffer.alloc(21 * 1024 * 1024, 0xff));
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/ไฟล์ใหญ่เกิน 20 MB/);
    expect(avatarOf(member.id)).toBe(member.avatarId);
  });

  it('needs a signed-in member posting from our own pages', async () => {
    const photo = await pngBytes(40, 40);
    const signedOut = await postAvatar(anon(), 'a.png', photo, 'image/png');
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toMatch(/^\/login/);
    const member = await signedInClient(server.baseUrl);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'a.png');
    const foreign = await fetch(`${server.baseUrl}/settings/avatar`, {
      method: 'POST',
      body: form,
      headers: { origin: 'https://evil.example', cookie: member.client.cookieHeader() },
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect(avatarOf(member.id)).toBeNull();
  });
});

describe('removing, suspension and the clean-up', () => {
  it('removal asks first, brings the initials back and deletes the photo', async () => {
    const member = await memberWithAvatar();
    const ask = await member.client.get('/confirm?do=/settings/avatar/remove');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('ลบรูปประจำตัวหรือไม่?');
    expect((await member.client.postForm('/settings/avatar/remove', {})).status).toBe(303);
    expect(avatarOf(member.id)).toBeNull();
    expect(uploadRows(member.id)).toEqual([]);
    expect(filesOf(member.avatarId)).toEqual([]);
    const profile = (await anon().get(`/u/${member.username}`)).text;
    expect(profile).toMatch(/<span class="avatar avatar-large avatar-c\d" aria-hidden="true">/);
    expect(profile).not.toContain(member.avatarId);
  });

  it('a suspended member shows initials to others and the photo is withheld from them', async () => {
    const member = await memberWithAvatar();
    const url = `/uploads/${member.avatarId}-256x256-96.webp`;
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'modava');
    expect((await mod.client.post('/api/moderation', { action: 'suspend', userId: member.id })).status).toBeLessThan(300);
    expect((await fetchBytes(server.baseUrl, url)).status).toBe(404);
    expect((await fetchBytes(server.baseUrl, url, { cookie: mod.client.cookieHeader() })).status).toBe(200);
    const profile = await anon().get(`/u/${member.username}`);
    expect(profile.text).not.toContain(member.avatarId);
  });

  it('the clean-up never takes an avatar, however old', async () => {
    const member = await memberWithAvatar();
    const dayAgo = Date.now() - 25 * 60 * 60 * 1000;
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE uploads SET created_at = ?, unreferenced_since = ? WHERE id = ?').run(dayAgo, dayAgo, member.avatarId),
    );
    const gc = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/uploads-gc.ts'], {
      env: { ...process.env, DATABASE_PATH: server.databasePath, DATA_DIR: server.dataDir },
      encoding: 'utf8',
    });
    expect(gc.status, gc.stderr).toBe(0);
    expect(gc.stdout).not.toContain(member.avatarId);
    expect(avatarOf(member.id)).toBe(member.avatarId);
    expect((await fetchBytes(server.baseUrl, `/uploads/${member.avatarId}-256x256-256.webp`)).status).toBe(200);
  });
});

describe('the list of uploads in settings', () => {
  it('shows each upload with a thumbnail, name, size, date and where it is used', async () => {
    const member = await memberWithAvatar();
    const photo = (await uploadFile(member.client, 'เวที.jpg', await phonePhoto({ width: 1000, height: 750 }))).body;
    const pdf = (await uploadFile(member.client, 'กำหนดการ.pdf', pdfBytes())).body;
    const noteId = await createNoteViaApi(member.client, { title: 'บันทึกเวทีประชาคม', body: photo.markdown });
    const html = (await member.client.get('/settings')).text;
    const items = Object.fromEntries(
      [...html.matchAll(/<li class="upload-item" data-upload-id="([0-9a-f]{32})">([\s\S]*?)<\/li>/g)].map((m) => [m[1]!, m[2]!]),
    );
    expect(Object.keys(items).sort()).toEqual([member.avatarId, photo.id, pdf.id].sort());
    expect(items[photo.id]).toContain(`<img class="upload-thumb" src="/uploads/${photo.id}-1000x750-480.webp"`);
    expect(items[photo.id]).toMatch(/>เวที\.jpg<\/a>/);
    expect(items[photo.id]).toMatch(/\d+ KB/);
    expect(items[photo.id]).toMatch(/อัปโหลดเมื่อ <time datetime="\d{4}-/);
    expect(items[photo.id]).toContain(`ใช้ใน <a href="/notes/${noteId}">บันทึกเวทีประชาคม</a>`);
    expect(items[pdf.id]).toMatch(/<span class="upload-thumb file-card-icon" aria-hidden="true">PDF<\/span>/);
    expect(items[pdf.id]).toContain('ยังไม่มีบันทึกใดใช้');
    expect(items[member.avatarId]).toContain('ใช้เป็นรูปประจำตัว');
    for (const id of [photo.id, pdf.id])
      expect(items[id]).toContain(`<input type="hidden" name="do" value="/settings/uploads/${id}/delete">`);
    const api = (await member.client.get('/api/uploads')).body;
    expect(api.uploads.find((u: { id: string }) => u.id === photo.id)).toMatchObject({
      usedIn: [{ noteId, title: 'บันทึกเวทีประชาคม', url: `/notes/${noteId}` }],
      avatar: false,
    });
    expect(api.uploads.find((u: { id: string }) => u.id === member.avatarId)).toMatchObject({ usedIn: [], avatar: true, referenced: true });
  });

  it('deletes by a form post (asked first); another member can neither be asked nor delete', async () => {
    const owner = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(owner.client, 'ของฉัน.jpg', await pngBytes(120, 90));
    const path = `/settings/uploads/${body.id}/delete`;
    expect((await other.client.get(`/confirm?do=${path}`)).status).toBe(403);
    const refused = await other.client.postForm(path, {});
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('ลบได้เฉพาะไฟล์ที่คุณอัปโหลดเอง');
    expect((await anon().postForm(path, {})).status).toBe(303); // to the login page
    expect((await owner.client.postForm(path, {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect(uploadRows(owner.id)).toEqual([body.id]);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(200);
    const ask = await owner.client.get(`/confirm?do=${path}`);
    expect(ask.text).toContain('ลบไฟล์ “ของฉัน.jpg” หรือไม่?');
    const done = await owner.client.postForm(path, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/settings?saved=upload-deleted#uploads');
    expect(uploadRows(owner.id)).toEqual([]);
    expect(filesOf(body.id)).toEqual([]);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(404);
    expect((await owner.client.postForm(path, {})).status).toBe(404);
  });

  it('deleting the avatar from the list brings the initials back everywhere', async () => {
    const member = await memberWithAvatar();
    const noteId = await createNoteViaApi(member.client);
    await anon().get(`/notes/${noteId}`);
    expect((await member.client.postForm(`/settings/uploads/${member.avatarId}/delete`, {})).status).toBe(303);
    expect(avatarOf(member.id)).toBeNull();
    expect((await anon().get(`/notes/${noteId}`)).text).not.toContain(member.avatarId);
  });
});

describe('sitemap', () => {
  it('lists the people directory and series pages that have a public part', async () => {
    const author = await signedInClient(server.baseUrl);
    const a = await createNoteViaApi(author.client);
    const draft = await createNoteViaApi(author.client, { status: 'draft' });
    const shown = (await author.client.post('/api/series', { title: 'ชุดในแผนผังเว็บ', noteIds: [a] })).body.id as number;
    const empty = (await author.client.post('/api/series', { title: 'ชุดที่ยังเป็นร่าง', noteIds: [draft] })).body.id as number;
    const sitemap = (await anon().get('/sitemap.xml')).text;
    expect(sitemap).toMatch(/<loc>[^<]*\/people<\/loc>/);
    expect(sitemap).toMatch(new RegExp(`<loc>[^<]*/series/${shown}</loc><lastmod>`));
    expect(sitemap).not.toMatch(new RegExp(`/series/${empty}<`));
  });
});
