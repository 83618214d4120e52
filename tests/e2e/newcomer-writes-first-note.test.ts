import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { uniqueUsername } from '../helpers/factories.ts';

const setup = useServerAndBrowser();

describe('a newcomer in a browser', () => {
  it('registers, writes a note on a phone-sized screen, sees form errors in Thai, and gets a comment reply', async () => {
    const page = await setup.browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // A 400 answer to an invalid form is intended; anything else logged as an error is a bug (CSP, JS).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 400')) errors.push(m.text());
    });
    const username = uniqueUsername('officer');

    await page.goto(`${setup.server.baseUrl}/register`);
    expect(await page.getAttribute('html', 'lang')).toBe('th');
    await page.fill('#username', username);
    await page.fill('#displayName', 'ปลัดอำเภอทดสอบ');
    await page.fill('#password', 'short');
    await page.fill('#organisation', 'ที่ว่าการอำเภอ');
    // The browser's own minlength check would stop a short password; the server must also say why.
    await page.$eval('main form.form', (f) => f.setAttribute('novalidate', ''));
    await page.click('main button[type=submit]');
    await page.waitForSelector('#password-error');
    expect(await page.textContent('#password-error')).toContain('อย่างน้อย 8');
    expect(await page.inputValue('#displayName')).toBe('ปลัดอำเภอทดสอบ'); // what was typed is kept
    await page.fill('#password', 'a-good-password');
    await Promise.all([page.waitForURL(`**/u/${username}?welcome=1`), page.click('main button[type=submit]')]);
    expect(await page.textContent('.empty')).toContain('ยังไม่มีบันทึกที่เผยแพร่');

    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.fill('#title', 'บันทึกแรกจากการลงพื้นที่');
    await page.click('#markdown-toggle'); // a writer who knows Markdown types the source
    await page.fill('#body', '## สิ่งที่ได้เรียนรู้\n\n- ชาวบ้านพูดมากขึ้นในกลุ่มเล็ก\n\n<script>alert(1)</script>');
    await page.fill('#tags', 'ลงพื้นที่, ชุมชน');
    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('form#note-form button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('บันทึกแรกจากการลงพื้นที่');
    expect(await page.textContent('.note-body h3')).toBe('สิ่งที่ได้เรียนรู้');
    expect(await page.locator('.note-body script').count()).toBe(0);
    expect(await page.textContent('.meta')).toMatch(/25\d\d \d\d:\d\d น\./);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);

    await page.fill('#comment-body', 'บันทึกตัวเองไว้ก่อน');
    await Promise.all([page.waitForURL(/#comment-\d+$/), page.click('form.comment-form button[type=submit]')]);
    expect(await page.textContent('.comment .comment-body')).toContain('บันทึกตัวเองไว้ก่อน');
    expect(await page.textContent('#comments-heading')).toContain('(1)');
    expect(errors).toEqual([]);
    await page.close();
  });
});
