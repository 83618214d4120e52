/**
 * Photos and files: POST /api/uploads (contract), what is refused by its bytes, metadata stripped,
 * rotation, limits, quota, serving headers and Range, hidden notes, deletion rights, the clean-up,
 * and the note page's responsive pictures and file cards. Fixtures are generated here with sharp.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import {
  bombPng,
  docxBytes,
  fetchBytes,
  htmlPage,
  odtBytes,
  pdfBytes,
  phonePhoto,
  plainZipBytes,
  pngBytes,
  svgWithScript,
  uploadFile,
} from '../helpers/upload-fixtures.ts';

const QUOTA_MB = 3;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ UPLOAD_QUOTA_MB: String(QUOTA_MB) });
});
afterAll(async () => {
  await server?.stop();
});

const uploadsDir = () => join(server.dataDir, 'uploads');
const filesOf = (id: string) => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()).filter((f) => f.includes(id)) : []);
const rowsOf = (userId: number) =>
  withDatabase(server.databasePath, (db) => db.prepare('SELECT count(*) FROM uploads WHERE owner_id = ?').pluck().get(userId) as number);
const variantsIn = (html: string) => [...html.matchAll(/(\/uploads\/[0-9a-f]{32}-[\dx-]+\.(?:webp|jpg))/g)].map((m) => m[1]!);

describe('uploading a phone photo', () => {
  it('answers 201 with the contract, and the stored photo and every variant carry no EXIF, GPS, XMP or ICC', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const photo = await phonePhoto({ width: 2000, height: 1500 });
    expect((await sharp(photo).metadata()).exif).toBeDefined(); // the fixture does carry GPS
    const res = await uploadFile(client, 'IMG_0001.JPG', photo, { alt: 'เวทีประชาคม [บ้านโนน]', type: 'image/jpeg' });
    expect(res.status).toBe(201);
    const { id, url, kind, name, bytes, width, height, markdown } = res.body;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(url).toBe(`/uploads/${id}-1600x1200.jpg`);
    expect({ kind, name, width, height }).toEqual({ kind: 'image', name: 'IMG_0001.JPG', width: 1600, height: 1200 });
    expect(markdown).toBe(`![เวทีประชาคม \\[บ้านโนน\\]](${url})`);
    const served = await fetchBytes(server.baseUrl, url);
    expect(served.status).toBe(200);
    expect(served.bytes.length).toBe(bytes);
    const noteId = await createNoteViaApi(client, { body: `ภาพจากเวที\n\n${markdown}` });
    const page = (await new TestClient(server.baseUrl).get(`/notes/${noteId}`)).text;
    const files = [...new Set(variantsIn(page))];
    expect(files).toHaveLength(4); // the JPEG and WebP at 480, 960, 1600
    for (const file of files) {
      const meta = await sharp((await fetchBytes(server.baseUrl, file)).bytes).metadata();
      expect({ file, exif: meta.exif, icc: meta.icc, xmp: meta.xmp, iptc: meta.iptc }).toEqual({
        file,
        exif: undefined,
        icc: undefined,
        xmp: undefined,
        iptc: undefined,
      });
    }
  });

  it('turns a photo with EXIF orientation 6 upright', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const res = await uploadFile(client, 'rotated.jpg', await phonePhoto({ width: 800, height: 600, orientation: 6 }));
    expect(res.status).toBe(201);
    expect({ width: res.body.width, height: res.body.height }).toEqual({ width: 600, height: 800 });
    const meta = await sharp((await fetchBytes(server.baseUrl, res.body.url)).bytes).metadata();
    expect({ width: meta.width, height: meta.height, orientation: meta.orientation }).toEqual({
      width: 600,
      height: 800,
      orientation: undefined,
    });
  });

  it('judges by bytes: a PNG named .jpg is taken as the image it is', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const res = await uploadFile(client, 'really-a-png.jpg', await pngBytes(64, 48), { type: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', width: 64, height: 48 });
    expect((await sharp((await fetchBytes(server.baseUrl, res.body.url)).bytes).metadata()).format).toBe('jpeg');
  });
});

describe('refusals', () => {
  it('refuses an SVG with a script, an HTML page named .pdf and an unknown zip with 415, storing nothing', async () => {
    const member = await signedInClient(server.baseUrl);
    for (const [name, bytes, type] of [
      ['logo.svg', svgWithScript(), 'image/svg+xml'],
      ['agenda.pdf', htmlPage(), 'application/pdf'],
      ['slides.pptx', plainZipBytes(), 'application/zip'],
    ] as const) {
      const res = await uploadFile(member.client, name, bytes, { type });
      expect({ name, status: res.status }).toEqual({ name, status: 415 });
      expect(res.body.error).toMatch(/ไม่รับไฟล์ชนิดนี้/);
    }
    expect(rowsOf(member.id)).toBe(0);
  });

  it('refuses a 25 MB file with 413', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(25 * 1024 * 1024, 0x20)]);
    const res = await uploadFile(client, 'big.pdf', big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/20 MB/);
  });

  it('refuses a 30000×30000 decompression bomb fast, from its header', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const started = performance.now();
    const res = await uploadFile(client, 'bomb.png', bombPng());
    const elapsed = performance.now() - started;
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/ล้านพิกเซล/);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('answers 413 with what is left once the quota is used up', async () => {
    const member = await signedInClient(server.baseUrl);
    const twoMb = Buffer.concat([pdfBytes(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    expect((await uploadFile(member.client, 'first.pdf', twoMb)).status).toBe(201);
    const over = await uploadFile(member.client, 'second.pdf', twoMb);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatch(/เหลือ 1\.0 MB จาก 3\.0 MB/);
    expect(over.body.quota).toEqual({ used: twoMb.length, quota: 3 * 1024 * 1024, left: 3 * 1024 * 1024 - twoMb.length });
    expect(rowsOf(member.id)).toBe(1);
    const settings = await member.client.get('/settings');
    expect(settings.text).toMatch(/ใช้ไป <strong>2\.0 MB<\/strong> จาก 3\.0 MB/);
  });

  it('needs a signed-in member from our own pages', async () => {
    const anon = await uploadFile(new TestClient(server.baseUrl), 'a.txt', Buffer.from('สวัสดี'));
    expect(anon.status).toBe(401);
    const { client } = await signedInClient(server.baseUrl);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('สวัสดี')]), 'a.txt');
    const foreign = await fetch(`${server.baseUrl}/api/uploads`, {
      method: 'POST',
      body: form,
      headers: { origin: 'https://evil.example', cookie: client.cookieHeader() },
    });
    expect(foreign.status).toBe(403);
  });

  it('an upload cut off mid-way leaves no row and no file', async () => {
    const member = await signedInClient(server.baseUrl);
    const boundary = 'banthuekcut';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.baseUrl}/api/uploads`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(3 * 1024 * 1024),
          origin: server.baseUrl,
          cookie: member.client.cookieHeader(),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(head);
      req.write(Buffer.alloc(512 * 1024, 0xff), () => req.destroy());
    });
    // The server has seen the cut connection once it answers the same member's next request.
    expect((await member.client.get('/api/uploads')).body.uploads).toEqual([]);
    expect(rowsOf(member.id)).toBe(0);
    expect(readdirSync(uploadsDir()).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('documents', () => {
  it('accepts PDF, DOCX, ODT and CSV by their bytes and serves them as downloads with their real type', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const cases = [
      ['กำหนดการ.pdf', pdfBytes(), 'application/pdf'],
      ['รายงาน.docx', docxBytes(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['บันทึก.odt', odtBytes(), 'application/vnd.oasis.opendocument.text'],
      ['รายชื่อ.csv', Buffer.from('ชื่อ,ตำบล\nสมชาย,ในเมือง\n'), 'text/csv; charset=utf-8'],
    ] as const;
    for (const [name, bytes, type] of cases) {
      const res = await uploadFile(client, name, bytes);
      expect({ name, status: res.status, kind: res.body.kind }).toEqual({ name, status: 201, kind: 'file' });
      expect(res.body.markdown).toBe(`[${name}](${res.body.url})`);
      const served = await fetchBytes(server.baseUrl, res.body.url);
      expect(served.headers.get('content-type')).toBe(type);
      expect(served.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(served.bytes.equals(bytes)).toBe(true);
    }
  });

  it('serves uploads with immutable caching, nosniff, a sandbox CSP and byte ranges', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const pdf = Buffer.concat([pdfBytes(), Buffer.alloc(100_000, 0x41)]);
    const { body } = await uploadFile(client, 'slides.pdf', pdf);
    const full = await fetchBytes(server.baseUrl, body.url);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect(full.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const part = await fetchBytes(server.baseUrl, body.url, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${pdf.length}`);
    expect(part.bytes.equals(pdf.subarray(10, 20))).toBe(true);
    const tail = await fetchBytes(server.baseUrl, body.url, { range: 'bytes=-5' });
    expect(tail.bytes.equals(pdf.subarray(pdf.length - 5))).toBe(true);
    expect((await fetchBytes(server.baseUrl, body.url, { range: `bytes=${pdf.length}-` })).status).toBe(416);
    expect((await fetchBytes(server.baseUrl, body.url, { 'if-none-match': full.headers.get('etag')! })).status).toBe(304);
    expect((await fetchBytes(server.baseUrl, `/uploads/${'0'.repeat(32)}-12.pdf`)).status).toBe(404);
    expect((await fetchBytes(server.baseUrl, '/uploads/../banthuek.db')).status).toBe(404);
  });

  it('shows a document as a file card on the note page', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(client, 'วาระการประชุม.pdf', pdfBytes());
    const noteId = await createNoteViaApi(client, { body: `เอกสารประกอบ\n\n${body.markdown}` });
    const page = (await new TestClient(server.baseUrl).get(`/notes/${noteId}`)).text;
    expect(page).toContain(`href="${body.url}"`);
    expect(page).toMatch(
      /class="file-card" data-type="pdf" download><span class="file-card-icon" aria-hidden="true">PDF<\/span><span class="file-card-name">วาระการประชุม\.pdf<\/span><span class="file-card-meta">PDF · 1 KB<\/span>/,
    );
  });
});

describe('note pages', () => {
  it('render uploaded photos with srcset, sizes, width, height, lazy after the first, and the first as og:image', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const first = (await uploadFile(client, 'a.jpg', await phonePhoto(), { alt: 'ภาพแรก' })).body;
    const second = (await uploadFile(client, 'b.jpg', await phonePhoto({ width: 700, height: 500 }), { alt: 'ภาพที่สอง' })).body;
    const noteId = await createNoteViaApi(client, { body: `${first.markdown}\n\nเล่าเรื่อง\n\n${second.markdown}` });
    const page = (await new TestClient(server.baseUrl).get(`/notes/${noteId}`)).text;
    const images = [...page.matchAll(/<img [^>]*src="\/uploads\/[^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(2);
    expect(images[0]).toMatch(/width="1200" height="900"/);
    expect(images[0]).not.toContain('loading=');
    expect(images[1]).toMatch(/loading="lazy" decoding="async" width="700" height="500" sizes="/);
    expect(page).toContain(`srcset="/uploads/${second.id}-700x500-480.webp 480w, /uploads/${second.id}-700x500-700.webp 700w"`);
    expect(page).toContain(`<meta property="og:image" content="${server.baseUrl}${first.url}"`);
  });

  it('a moderator hiding a note hides its photos from anonymous readers, not from the author; restoring shows them again', async () => {
    const author = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(author.client, 'spam.jpg', await pngBytes(40, 30));
    const noteId = await createNoteViaApi(author.client, { body: body.markdown });
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(200);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'modup');
    expect((await mod.client.postForm(`/notes/${noteId}/hide`, {})).status).toBe(303);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(404);
    const own = await fetchBytes(server.baseUrl, body.url, { cookie: author.client.cookieHeader() });
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    const stranger = await signedInClient(server.baseUrl);
    expect((await fetchBytes(server.baseUrl, body.url, { cookie: stranger.client.cookieHeader() })).status).toBe(404);
    expect((await mod.client.postForm(`/notes/${noteId}/restore`, {})).status).toBe(303);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(200);
  });

  it('suspending an account withholds the photos of its notes from readers', async () => {
    const author = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(author.client, 'suspended.jpg', await pngBytes(40, 30));
    await createNoteViaApi(author.client, { body: body.markdown });
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'modsus');
    expect((await mod.client.post('/api/moderation', { action: 'suspend', userId: author.id })).status).toBeLessThan(300);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(404);
    expect((await fetchBytes(server.baseUrl, body.url, { cookie: mod.client.cookieHeader() })).status).toBe(200);
  });

  it('the cached page follows its images: deleting a shown upload renders the page anew', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(client, 'c.jpg', await pngBytes(40, 30));
    const noteId = await createNoteViaApi(client, { body: body.markdown });
    const anon = new TestClient(server.baseUrl);
    await anon.get(`/notes/${noteId}`);
    expect((await anon.get(`/notes/${noteId}`)).headers.get('x-cache')).toBe('hit');
    expect((await client.delete(`/api/uploads/${body.id}`)).status).toBe(204);
    expect((await anon.get(`/notes/${noteId}`)).headers.get('x-cache')).toBe('miss');
  });
});

describe('deleting and cleaning up', () => {
  it('another member cannot delete your upload; you can, and its files go', async () => {
    const owner = await signedInClient(server.baseUrl);
    const other = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(owner.client, 'mine.jpg', await pngBytes());
    expect(filesOf(body.id).length).toBeGreaterThan(1);
    expect((await other.client.delete(`/api/uploads/${body.id}`)).status).toBe(403);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(200);
    expect((await owner.client.delete(`/api/uploads/${body.id}`)).status).toBe(204);
    expect((await fetchBytes(server.baseUrl, body.url)).status).toBe(404);
    expect(filesOf(body.id)).toEqual([]);
  });

  it('npm run uploads:gc removes only uploads nothing has referred to for 24 hours, and says what it removed', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const kept = (await uploadFile(client, 'kept.jpg', await pngBytes())).body;
    const dropped = (await uploadFile(client, 'dropped.jpg', await pngBytes())).body;
    const fresh = (await uploadFile(client, 'fresh.jpg', await pngBytes())).body;
    const noteId = await createNoteViaApi(client, { body: `${kept.markdown}\n\n${dropped.markdown}` });
    // The note stops showing one photo; a day passes.
    expect((await client.patch(`/api/notes/${noteId}`, { body: kept.markdown })).status).toBe(200);
    const dayAgo = Date.now() - 25 * 60 * 60 * 1000;
    withDatabase(server.databasePath, (db) => {
      db.prepare(
        'UPDATE uploads SET created_at = ?, unreferenced_since = CASE WHEN unreferenced_since IS NULL THEN NULL ELSE ? END WHERE id IN (?, ?)',
      ).run(dayAgo, dayAgo, kept.id, dropped.id);
    });
    const gc = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/uploads-gc.ts'], {
      env: { ...process.env, DATABASE_PATH: server.databasePath, DATA_DIR: server.dataDir },
      encoding: 'utf8',
    });
    expect(gc.status, gc.stderr).toBe(0);
    expect(gc.stdout).toContain(dropped.id);
    expect(gc.stdout).not.toContain(kept.id);
    expect(gc.stdout).not.toContain(fresh.id);
    expect(filesOf(dropped.id)).toEqual([]);
    expect((await fetchBytes(server.baseUrl, kept.url)).status).toBe(200);
    expect((await fetchBytes(server.baseUrl, fresh.url)).status).toBe(200);
  });

  it('a member’s export carries their uploads with every variant', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const { body } = await uploadFile(client, 'export.jpg', await phonePhoto({ width: 1000, height: 750 }));
    await createNoteViaApi(client, { body: body.markdown });
    const zip = await fetch(`${server.baseUrl}/settings/export`, { headers: { cookie: client.cookieHeader() } });
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(files).filter((n) => n.startsWith('photos/'));
    expect(names.sort()).toEqual(
      [
        `photos/${body.id}-1000x750-1000.webp`,
        `photos/${body.id}-1000x750-480.webp`,
        `photos/${body.id}-1000x750-960.webp`,
        `photos/${body.id}-1000x750.jpg`,
      ].sort(),
    );
    const listed = JSON.parse(Buffer.from(files['uploads.json']!).toString());
    expect(listed).toMatchObject([{ id: body.id, kind: 'image', width: 1000, height: 750 }]);
  });
});

describe('rate limits', () => {
  it('applies RATE_LIMITS.uploadPerUser (30 an hour) to uploads', async () => {
    const { client } = await signedInClient(server.baseUrl);
    for (let i = 0; i < 30; i++) expect((await uploadFile(client, `n${i}.txt`, Buffer.from(`บรรทัด ${i}`))).status).toBe(201);
    const limited = await uploadFile(client, 'one-more.txt', Buffer.from('อีกหนึ่ง'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });
});
