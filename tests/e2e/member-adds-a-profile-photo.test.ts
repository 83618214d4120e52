/**
 * A member on a phone (360×800) picks a profile photo in settings, sees it previewed in the circle,
 * is told at once when the file is not a photo, saves it and finds it beside their comment; then
 * removes an upload they no longer need from the settings list through the confirmation dialog.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';
import { saveScreenshot, smallTargets } from '../helpers/page-quality.ts';
import { pdfBytes, phonePhoto, svgWithScript, uploadFile } from '../helpers/upload-fixtures.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };

describe('a member on a phone', () => {
  it('adds a profile photo with a preview, sees it beside their comment, and deletes an old upload from settings', async () => {
    const base = setup.server.baseUrl;
    const member = await signedInClient(base, { displayName: 'ปราณี ลงพื้นที่' });
    const noteId = await createNoteViaApi(member.client, { title: 'บันทึกพร้อมรูปประจำตัว' });
    expect((await member.client.post(`/api/notes/${noteId}/comments`, { body: 'เพิ่มเติมจากผู้เขียน' })).status).toBe(201);
    const old = (await uploadFile(member.client, 'วาระเก่า.pdf', pdfBytes())).body;
    const context = await signedInContext(setup.browser, base, member.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${base}/settings`);
    const preview = page.locator('[data-avatar-preview]');
    // Not a photo: said at once, nothing previewed.
    await page.setInputFiles('#avatar-file', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svgWithScript() });
    await page.waitForSelector('#avatar-file-error:not([hidden])');
    expect(await page.textContent('#avatar-file-error')).toContain('JPEG, PNG, WebP หรือ GIF');
    expect(await preview.isVisible()).toBe(false);

    await page.setInputFiles('#avatar-file', {
      name: 'IMG_0420.JPG',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto({ width: 1200, height: 900, orientation: 6 }),
    });
    await preview.waitFor({ state: 'visible' });
    expect(await preview.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await page.isVisible('#avatar-file-error')).toBe(false);
    expect(await page.isVisible('[data-avatar-current]')).toBe(false);
    const circle = (await preview.boundingBox())!;
    expect(Math.round(circle.width)).toBe(Math.round(circle.height));

    await Promise.all([page.waitForURL(/\/settings\?saved=avatar/), page.click('[data-avatar-form] button[type=submit]')]);
    const saved = page.locator('[data-avatar-current] img.avatar-photo');
    await expect.poll(() => saved.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await saved.getAttribute('alt')).toBe('รูปของ ปราณี ลงพื้นที่');
    expect(await smallTargets(page)).toEqual([]);
    await saveScreenshot(page, 'settings-profile-photo');

    await page.goto(`${base}/notes/${noteId}`);
    const inComment = page.locator('.comment .meta img.avatar-photo').first();
    await inComment.scrollIntoViewIfNeeded();
    await expect.poll(() => inComment.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('.note .meta img.avatar-photo').count()).toBe(1);
    await saveScreenshot(page, 'note-with-profile-photos');

    await page.goto(`${base}/settings#uploads`);
    const item = page.locator(`[data-upload-id="${old.id}"]`);
    expect(await item.textContent()).toContain('ยังไม่มีบันทึกใดใช้');
    await item.locator('form[data-confirm] button').click();
    const dialog = page.locator('dialog.confirm-dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('h1').textContent()).toBe('ลบไฟล์ “วาระเก่า.pdf” หรือไม่?');
    await Promise.all([page.waitForURL(/saved=upload-deleted/), dialog.locator('button.danger').click()]);
    expect(await page.locator(`[data-upload-id="${old.id}"]`).count()).toBe(0);
    expect(await page.locator('.upload-item').count()).toBe(1); // the profile photo stays
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps a chosen photo when they press "บันทึกข้อมูล" instead of the photo button, and is told when the photo is refused', async () => {
    const base = setup.server.baseUrl;
    const member = await signedInClient(base, { displayName: 'สมศรี ใจดี' });
    const context = await signedInContext(setup.browser, base, member.client, PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/settings`);

    // A file that says it is a JPEG but is not: the server refuses it, the profile is not sent.
    await page.setInputFiles('#avatar-file', { name: 'รูป.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
    await page.fill('#organisation', 'กศน.อำเภอเมือง');
    await page.click('[data-saves-avatar] button[type=submit]');
    await page.waitForSelector('#avatar-file-error:not([hidden])');
    expect(await page.textContent('#avatar-file-error')).not.toBe('');
    expect(page.url()).toBe(`${base}/settings`);

    await page.setInputFiles('#avatar-file', {
      name: 'IMG_0421.JPG',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto({ width: 900, height: 900 }),
    });
    await page.locator('[data-avatar-preview]').waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(/\/settings\?saved=profile/), page.click('[data-saves-avatar] button[type=submit]')]);
    expect(await page.inputValue('#organisation')).toBe('กศน.อำเภอเมือง');
    const saved = page.locator('[data-avatar-current] img.avatar-photo');
    await expect.poll(() => saved.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await context.close();
  });
});
