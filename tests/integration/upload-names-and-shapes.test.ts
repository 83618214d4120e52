/**
 * Uploads (issue 21): served names match the bytes (finding 3: a PDF sent as "report.hta" downloads
 * as "report.pdf", and the rest of the name is cleaned), and images of any shape are stored within
 * both sides of the stored box or refused with a Thai 4xx, never a 500 (finding 6: 1×65,535 px).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedInClient } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { fetchBytes, pdfBytes, uploadFile } from '../helpers/upload-fixtures.ts';
import { MAX_STORED_WIDTH } from '~/lib/upload-urls.ts';

const MAX_STORED_HEIGHT = 4 * MAX_STORED_WIDTH; // src/lib/server/upload/image.ts

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEARCH_INDEX_UPDATES: '0' });
});
afterAll(() => server?.stop());

/** The names in a Content-Disposition header: the ASCII fallback and the UTF-8 one. */
function dispositionNames(header: string | null): { ascii: string; utf8: string } {
  return {
    ascii: /filename="([^"]*)"/.exec(header ?? '')?.[1] ?? '',
    utf8: decodeURIComponent(/filename\*=UTF-8''([^;]*)/.exec(header ?? '')?.[1] ?? ''),
  };
}

describe('served names match the bytes', () => {
  const cases: [sent: string, expected: string][] = [
    ['report.hta', 'report.pdf'],
    ['report.html', 'report.pdf'],
    ['report.exe', 'report.pdf'],
    ['report.pdf.exe', 'report.pdf.pdf'],
    ['รายงาน.HTA', 'รายงาน.pdf'],
    ['\u202efdp.exe', 'fdp.pdf'], // a right-to-left override that makes "exe.pdf" show
    ['.hta', 'เอกสาร.pdf'],
    ['no-extension', 'no-extension.pdf'],
    ['report.pdf', 'report.pdf'],
  ];
  it('a %PDF- file downloads with ".pdf", whatever name it was sent under', async () => {
    const { client } = await signedInClient(server.baseUrl);
    for (const [sent, expected] of cases) {
      const res = await uploadFile(client, sent, pdfBytes(), { type: 'application/hta' });
      expect({ sent, status: res.status, name: res.body.name }).toEqual({ sent, status: 201, name: expected });
      const served = await fetchBytes(server.baseUrl, res.body.url);
      expect(served.headers.get('content-type')).toBe('application/pdf');
      const names = dispositionNames(served.headers.get('content-disposition'));
      expect(names.utf8, sent).toBe(expected);
      expect(names.ascii, sent).toMatch(/\.pdf$/);
      expect(names.ascii, sent).not.toMatch(/[\u0000-\u001f"\\]/);
    }
  });

  it('a name stored before the rule is corrected when the file is served', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const res = await uploadFile(client, 'old.pdf', pdfBytes());
    withDatabase(server.databasePath, (db) => db.prepare('UPDATE uploads SET name = ? WHERE id = ?').run('old-report.hta', res.body.id));
    const served = await fetchBytes(server.baseUrl, res.body.url);
    expect(dispositionNames(served.headers.get('content-disposition')).utf8).toBe('old-report.pdf');
  });
});

describe('images of any shape', () => {
  const shapes: [width: number, height: number][] = [
    [1, 65_535],
    [65_535, 1],
    [1, 1],
    [2, 30_000],
    [30_000, 2],
    [1_000, 20_000],
    [20_000, 2_000],
  ];
  for (const [width, height] of shapes) {
    it(
      `${width}×${height} px: stored within ${MAX_STORED_WIDTH}×${MAX_STORED_HEIGHT}, or refused with a Thai 4xx`,
      { timeout: 60_000 },
      async () => {
        const { client } = await signedInClient(server.baseUrl);
        const png = await sharp({ create: { width, height, channels: 3, background: '#336699' } })
          .png()
          .toBuffer();
        const res = await uploadFile(client, 'shape.png', png, { type: 'image/png' });
        if (res.status !== 201) {
          expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.body.error).toMatch(/[\u0E00-\u0E7F]/);
          return;
        }
        expect(res.body.width).toBeLessThanOrEqual(MAX_STORED_WIDTH);
        expect(res.body.height).toBeLessThanOrEqual(MAX_STORED_HEIGHT);
        expect(res.body.width).toBeGreaterThanOrEqual(1);
        expect(res.body.height).toBeGreaterThanOrEqual(1);
        const served = await fetchBytes(server.baseUrl, res.body.url);
        expect(served.headers.get('content-type')).toBe('image/jpeg');
        const meta = await sharp(served.bytes).metadata();
        expect([meta.width, meta.height]).toEqual([res.body.width, res.body.height]);
      },
    );
  }
});
