/**
 * A newcomer on a 360×800 phone: signs up after one round of errors without retyping the
 * password, reaches the comment box right after the note, deletes a comment by mistake through
 * the confirmation dialog, and takes it back with "เลิกทำ".
 */
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient, uniqueUsername } from '../helpers/factories.ts';
import { collectErrors } from '../helpers/km.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };

describe('a newcomer on a phone', () => {
  it('sees every sign-up error at once, keeps the password typed, and gets a strength hint', async () => {
    const page = await setup.browser.newPage({ viewport: PHONE });
    const errors = collectErrors(page);
    await page.goto(`${setup.server.baseUrl}/register`);
    await page.fill('#username', 'สมชาย');
    await page.fill('#displayName', 'สมชาย ใจดี');
    await page.fill('#password', 'password123');
    expect(await page.locator('#password-strength').textContent()).not.toBe('');
    await page.click('button[type=submit].primary');
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary li').count()).toBe(2);
    expect(await page.locator('#username-error').textContent()).toContain('อักษรอังกฤษ');
    expect(await page.locator('#password-error').textContent()).toContain('รั่วไหล');
    expect(await page.inputValue('#password')).toBe('password123');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');

    const username = uniqueUsername('somchai');
    await page.fill('#username', username);
    await page.fill('#password', 'ลงพื้นที่บ้านโนนทุกเดือน');
    expect(await page.locator('#password-strength').textContent()).toContain('ดี');
    await Promise.all([page.waitForURL(new RegExp(`/u/${username}\\?welcome=1`)), page.click('button[type=submit].primary')]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds the comment box right after the note, deletes a comment through the dialog and undoes it', async () => {
    const author = await signedInClient(setup.server.baseUrl);
    const reader = await signedInClient(setup.server.baseUrl);
    const id = await createNoteViaApi(author.client, {
      title: 'บันทึกยาวจากภาคสนาม',
      body: 'ย่อหน้าหนึ่งของบันทึก\n\n'.repeat(12),
      tags: ['ทดสอบ'],
    });
    for (let i = 1; i <= 5; i++) await createNoteViaApi(author.client, { title: `บันทึกเกี่ยวข้องที่ ${i}`, tags: ['ทดสอบ'] });

    const context = await setup.browser.newContext({ viewport: PHONE });
    await context.addCookies([
      { name: 'banthuek_session', value: reader.client.getCookie('banthuek_session')!, url: setup.server.baseUrl },
    ]);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${setup.server.baseUrl}/notes/${id}`);

    // The "แสดงความเห็น" link is within one screen of the note's end, and the box comes before related notes.
    const noteEnd = (await page.locator('article.note').boundingBox())!;
    const jump = (await page.locator('.comment-jump a.button').boundingBox())!;
    expect(jump.y - (noteEnd.y + noteEnd.height)).toBeLessThan(PHONE.height);
    const boxTop = (await page.locator('#comment-body').boundingBox())!.y;
    const relatedTop = (await page.locator('#related-notes').boundingBox())!.y;
    expect(boxTop).toBeLessThan(relatedTop);
    await page.click('.comment-jump a.button');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#comment-body');

    await page.fill('#comment-body', 'ความเห็นที่จะลบพลาด');
    await Promise.all([page.waitForNavigation(), page.click('.comment-form button[type=submit]')]);
    const comment = page.locator('.comment', { hasText: 'ความเห็นที่จะลบพลาด' });
    await comment.locator('form[data-confirm] button').click();
    const dialog = page.locator('dialog.confirm-dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('h1').textContent()).toBe('ลบความเห็นนี้หรือไม่?');
    // Cancel keeps it.
    await dialog.locator('a.button').click();
    await page.waitForSelector('dialog.confirm-dialog[open]', { state: 'detached' }).catch(() => undefined);
    expect(await page.locator('dialog.confirm-dialog[open]').count()).toBe(0);
    expect(await comment.count()).toBe(1);

    await comment.locator('form[data-confirm] button').click();
    await dialog.waitFor();
    await Promise.all([page.waitForNavigation(), dialog.locator('button.danger').click()]);
    const undo = page.locator('.undo-notice');
    await undo.waitFor();
    expect(await page.locator('text=ความเห็นที่จะลบพลาด').count()).toBe(0);
    await Promise.all([page.waitForNavigation(), undo.locator('button').click()]);
    await page.waitForSelector('text=ความเห็นที่จะลบพลาด');
    expect(errors).toEqual([]);
    await context.close();
  });
});
