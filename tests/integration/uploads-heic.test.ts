/**
 * HEIC photos, as iPhones take them: decoded by libheif (wasm) in a worker thread, then through the
 * same pipeline as any photo. The fixture is the one committed binary (tests/fixtures/heic/: no HEVC
 * encoder runs in Node; make-fixture.mjs says how it was made); the bomb and the truncated file are
 * made from it here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedInClient } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { fetchBytes, uploadFile } from '../helpers/upload-fixtures.ts';

/** 64×32 as stored (red left, blue right), EXIF GPS, HEIF `irot` a quarter turn clockwise: upright 32×64, red on top. */
const rotatedHeic = () => readFileSync(new URL('../fixtures/heic/rotated-gps.heic', import.meta.url));
const GPS_IFD_TAG_LE = Buffer.from([0x25, 0x88]);

/** The fixture with every `ispe` (the picture's declared size) claiming side × side pixels. */
function heicClaiming(side: number): Buffer {
  const heic = Buffer.from(rotatedHeic());
  for (let at = heic.indexOf('ispe', 0, 'latin1'); at >= 0; at = heic.indexOf('ispe', at + 1, 'latin1')) {
    heic.writeUInt32BE(side, at + 8);
    heic.writeUInt32BE(side, at + 12);
  }
  return heic;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const uploadsDir = () => join(server.dataDir, 'uploads');
const storedFiles = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()) : []);
const rowsOf = (userId: number) =>
  withDatabase(server.databasePath, (db) => db.prepare('SELECT count(*) FROM uploads WHERE owner_id = ?').pluck().get(userId) as number);

describe('uploading an iPhone HEIC photo', () => {
  it('becomes an upright JPEG and WebP with no GPS or other metadata', async () => {
    expect(rotatedHeic().includes(GPS_IFD_TAG_LE)).toBe(true); // the fixture does carry GPS
    const { client } = await signedInClient(server.baseUrl);
    const res = await uploadFile(client, 'IMG_4021.HEIC', rotatedHeic(), { type: 'image/heic' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', name: 'IMG_4021.HEIC', width: 32, height: 64 });
    expect(res.body.url).toBe(`/uploads/${res.body.id}-32x64.jpg`);
    const jpeg = await fetchBytes(server.baseUrl, res.body.url);
    const webp = await fetchBytes(server.baseUrl, `/uploads/${res.body.id}-32x64-32.webp`);
    for (const served of [jpeg, webp]) {
      expect(served.status).toBe(200);
      const meta = await sharp(served.bytes).metadata();
      expect({
        width: meta.width,
        height: meta.height,
        exif: meta.exif,
        icc: meta.icc,
        xmp: meta.xmp,
        orientation: meta.orientation,
      }).toEqual({ width: 32, height: 64, exif: undefined, icc: undefined, xmp: undefined, orientation: undefined });
      // Upright means the stored picture's left half (red) is now on top, its right half (blue) below.
      const { data } = await sharp(served.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [...data.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3)];
      const [top, bottom] = [pixel(16, 8), pixel(16, 56)];
      expect(top[0]! > 150 && top[2]! < 100, `top ${top}`).toBe(true);
      expect(bottom[2]! > 150 && bottom[0]! < 100, `bottom ${bottom}`).toBe(true);
    }
  });

  it('refuses a HEIC whose header claims 30000×30000 pixels, fast and before decoding', async () => {
    const member = await signedInClient(server.baseUrl);
    const started = performance.now();
    const res = await uploadFile(member.client, 'bomb.heic', heicClaiming(30_000));
    const elapsed = performance.now() - started;
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/ล้านพิกเซล/);
    expect(elapsed).toBeLessThan(2_000);
    expect(rowsOf(member.id)).toBe(0);
  });

  it('refuses a truncated HEIC with a Thai 415 and stores nothing', async () => {
    const member = await signedInClient(server.baseUrl);
    const before = storedFiles();
    const heic = rotatedHeic();
    const res = await uploadFile(member.client, 'cut.heic', heic.subarray(0, Math.floor(heic.length * 0.8)));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/อ่านไฟล์ภาพนี้ไม่ได้.*กรุณา/);
    expect(rowsOf(member.id)).toBe(0);
    expect(storedFiles()).toEqual(before);
  });
});
