/**
 * Issue 25 (PDPA s.26): an officer pastes a welfare list into the editor. The editor warns as they
 * type about a Thai national ID (with the confirmation box) and a mobile number; publishing without
 * confirming is refused with the same warning, and confirming publishes.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();
const EDITOR = '.rich-editor [contenteditable="true"]';
const WARNING = '[data-personal-data-warning]';

describe('a writer typing personal data into the editor', () => {
  it('is warned about a Thai ID and a mobile number as they type, and publishes only after confirming', async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const context = await signedInContext(setup.browser, setup.server.baseUrl, writer.client);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.waitForSelector(EDITOR);
    await expect(page.locator(WARNING).isHidden()).resolves.toBe(true);
    await page.fill('#title', 'รายชื่อผู้รับเบี้ยยังชีพ');
    await page.click(EDITOR);
    await page.keyboard.type('โทร 081-234-5678');
    // A mobile number warns without asking for confirmation.
    await page.waitForSelector(`${WARNING}:not([hidden])`);
    expect(await page.textContent(WARNING)).toContain('หมายเลขโทรศัพท์มือถือ');
    expect(await page.locator('[data-personal-data-confirm]').isHidden()).toBe(true);

    await page.keyboard.press('Enter');
    await page.keyboard.type('นาง ก. 1-1017-00203-40-9');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('เลขประจำตัวประชาชน 13 หลัก'), WARNING);
    // Where: the field's label and the Markdown line (a paragraph break is a blank line).
    expect(await page.textContent(WARNING)).toContain('เนื้อหา บรรทัดที่ 3');
    await page.waitForSelector('[data-personal-data-confirm]:not([hidden])');

    // Publishing without the box: the server refuses and shows the same warning with the box.
    await page.click('#note-form button[type="submit"].primary');
    await page.waitForURL(/\/notes\/new$/);
    await page.waitForSelector('[data-personal-data-confirm]:not([hidden])');
    expect(await page.textContent(WARNING)).toContain('เลขประจำตัวประชาชน 13 หลัก');

    await page.check('#acknowledgePersonalData');
    await page.click('#note-form button[type="submit"].primary');
    await page.waitForURL(/\/notes\/\d+.*saved=1/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
