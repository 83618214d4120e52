/**
 * Issue 24, point 3: a phone keyboard has no Shift+Enter, so a 4-line กลอน became 4 paragraphs.
 * The toolbar's "ขึ้นบรรทัด" inserts a line break, and the "กลอน" mode makes Enter break the line
 * until Enter on an empty line ends the stanza.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };
const EDITOR = '.rich-editor [contenteditable="true"]';
const POEM = ['ยามเช้าตรู่ตะวันฉายส่องทุ่งนา', 'ชาวบ้านมาร่วมเวทีที่ศาลา', 'เล่าเรื่องราวชีวิตจริงทุกเวลา', 'แลกเปลี่ยนค่าความรู้สู่ชุมชน'];

describe('a writer on a phone types a กลอน', () => {
  it('keeps the lines of a stanza with "ขึ้นบรรทัด" and with the กลอน mode, with Enter only', async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const context = await signedInContext(setup.browser, setup.server.baseUrl, writer.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.waitForSelector(EDITOR);
    const button = page.locator('.editor-toolbar button[data-md="line-break"]');
    expect(await button.getAttribute('aria-label')).toContain('ขึ้นบรรทัด');
    expect(await button.textContent()).toContain('ขึ้นบรรทัด');

    await page.click(EDITOR);
    for (const [i, line] of POEM.entries()) {
      await page.keyboard.type(line);
      if (i < POEM.length - 1) await button.click();
    }
    await page.keyboard.press('Enter'); // a new paragraph after the stanza
    await page.keyboard.type('ย่อหน้าถัดไป');
    await page.waitForFunction(() => (document.querySelector('#body') as HTMLTextAreaElement).value.endsWith('ย่อหน้าถัดไป'));
    expect(await page.inputValue('#body')).toBe(`${POEM.join('\n')}\n\nย่อหน้าถัดไป`);

    // The กลอน mode: Enter breaks the line; Enter on an empty line ends the stanza and the mode.
    await page.keyboard.press('Enter');
    const poem = page.locator('.editor-toolbar button[data-md="poem"]');
    await poem.click();
    expect(await poem.getAttribute('aria-pressed')).toBe('true');
    for (const line of POEM) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Enter');
    expect(await poem.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.type('จบกลอน');
    await page.waitForFunction(() => (document.querySelector('#body') as HTMLTextAreaElement).value.endsWith('จบกลอน'));
    expect(await page.inputValue('#body')).toBe(`${POEM.join('\n')}\n\nย่อหน้าถัดไป\n\n${POEM.join('\n')}\n\nจบกลอน`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  });
});
