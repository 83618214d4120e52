import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, queryDb, signedInContext } from '../helpers/km.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';

const setup = useServerAndBrowser();

describe('a community owner on a phone', () => {
  it('sets the cover photo with the uploader and its progress bar; without JavaScript the plain form is there', async () => {
    const owner = await signedInClient(setup.server.baseUrl);
    const created = await owner.client.post('/api/communities', { name: `กลุ่มออมทรัพย์บ้านหนองแวง ${process.pid}` });
    expect(created.status).toBe(201);
    const manage = `${setup.server.baseUrl}/communities/${encodeURIComponent(created.body.slug)}/manage`;
    const context = await signedInContext(setup.browser, setup.server.baseUrl, owner.client, { width: 360, height: 800 });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });

    await page.goto(manage);
    await page.waitForSelector('#cover-uploader:not([hidden])');
    expect(await page.isVisible('#cover-form input[type=file]')).toBe(false); // the uploader replaces the plain file field
    await page.fill('#cover-form input[name=alt]', 'สมาชิกกลุ่มนับเงินออมที่ศาลาวัด');
    await Promise.all([
      page.waitForURL(/\/manage\?cover=saved#cover$/, { timeout: 30_000 }),
      page.setInputFiles('#cover-uploader input[type=file][multiple]:not([accept="image/*"])', [
        { name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto({ width: 2400, height: 1800 }) },
      ]),
    ]);
    expect(sent).toEqual(['POST /api/uploads', `PUT /api/communities/${encodeURIComponent(created.body.slug)}/cover`]);
    expect(await page.textContent('#cover-result')).toContain('บันทึกภาพปกแล้ว');
    expect(await page.getAttribute('#cover .community-cover img', 'alt')).toBe('สมาชิกกลุ่มนับเงินออมที่ศาลาวัด');
    const [row] = queryDb<{ coverUploadId: string | null }>(
      setup.server,
      'SELECT cover_upload_id AS coverUploadId FROM communities WHERE slug = ?',
      created.body.slug,
    );
    expect(row?.coverUploadId).toMatch(/^[0-9a-f]{32}$/);

    // A file that is not a photo gets its own Thai error in the uploader; the cover stays.
    await page.setInputFiles('#cover-uploader input[type=file][multiple]:not([accept="image/*"])', [
      { name: 'agenda.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    await page.waitForSelector('#cover-upload-list .uploader-error');
    expect(await page.textContent('#cover-upload-list .uploader-error')).toContain('รับเฉพาะภาพ');
    expect(errors).toEqual([]);

    const noScript = await setup.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    await noScript.addCookies(await context.cookies());
    const plain = await noScript.newPage();
    await plain.goto(manage);
    expect(await plain.isVisible('#cover-form input[type=file]')).toBe(true);
    expect(await plain.isVisible('#cover-form button[type=submit]')).toBe(true);
    expect(await plain.isHidden('#cover-uploader')).toBe(true);
    await Promise.all([context.close(), noScript.close()]);
  });
});
