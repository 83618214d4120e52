import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();

describe('a member in a browser', () => {
  it('mentions a colleague by typing @ and part of a Thai name, and follows the thread with one button', async () => {
    const colleague = await signedInClient(setup.server.baseUrl, { displayName: 'วันเพ็ญ ศรีสุขใจ' });
    const writer = await signedInClient(setup.server.baseUrl, { displayName: 'ประเสริฐ ผู้เขียน' });
    const reader = await signedInClient(setup.server.baseUrl, { displayName: 'มาลี ผู้อ่าน' });
    const noteId = await createNoteViaApi(writer.client, { title: 'เวทีกองทุนสวัสดิการตำบล' });
    const context = await signedInContext(setup.browser, setup.server.baseUrl, reader.client);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/notes/${noteId}`);
    await page.click('#comment-body');
    await page.keyboard.type('ขอบคุณค่ะ ฝากคุณ @ศรีสุข');
    const option = page.locator('.mention-list [role=option]', { hasText: 'วันเพ็ญ ศรีสุขใจ' });
    await option.waitFor();
    expect(await page.getAttribute('#comment-body', 'aria-activedescendant')).toMatch(/^mention-list-/);
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#comment-body')).toBe(`ขอบคุณค่ะ ฝากคุณ @${colleague.username} `);
    await page.keyboard.type('ช่วยเล่าต่อด้วย');
    await Promise.all([page.waitForURL(/#comment-\d+$/), page.click('form.comment-form button[type=submit]')]);
    const link = page.locator(`.comment-body a[href="/u/${colleague.username}"]`);
    expect(await link.textContent()).toBe(`@${colleague.username}`);
    expect((await colleague.client.get('/api/notifications')).body.items.map((n: { kind: string }) => n.kind)).toEqual(['mention']);

    // Commenting watched the thread; the button stops and restarts it.
    await page.waitForSelector('#watch[data-watch="watching"]');
    await Promise.all([page.waitForURL(/#watch$/), page.click('#watch button')]);
    await page.waitForSelector('#watch[data-watch="muted"]');
    expect(await page.textContent('#watch button')).toBe('ติดตามความเห็น');

    // The note editor suggests in its default (WYSIWYG) view; Enter chooses instead of splitting the paragraph.
    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.fill('#title', 'สรุปเวทีกองทุน');
    await page.click('.rich-editor-content');
    await page.keyboard.type('ขอบคุณ @ศรีสุ');
    await page.locator('.mention-list [role=option]', { hasText: 'วันเพ็ญ ศรีสุขใจ' }).waitFor();
    expect(await page.isVisible('.mention-list-floating')).toBe(true);
    const activeId = await page.getAttribute('.rich-editor-content', 'aria-activedescendant');
    expect(await page.getAttribute(`#${activeId}`, 'aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown'); // one member matches: the highlight wraps back to them
    await page.keyboard.press('Enter');
    await page.keyboard.type('ที่มาช่วย');
    await page.waitForFunction(
      (body) => (document.querySelector('#body') as HTMLTextAreaElement).value === body,
      `ขอบคุณ @${colleague.username} ที่มาช่วย`,
    );
    expect(await page.locator('.rich-editor-content p').count()).toBe(1);
    expect(await page.isVisible('.mention-list-floating')).toBe(false);
    expect(await page.getAttribute('.rich-editor-content', 'aria-activedescendant')).toBeNull();
    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('form#note-form button[type=submit]')]);
    const noteLink = page.locator(`.note-body a[href="/u/${colleague.username}"]`);
    expect(await noteLink.textContent()).toBe(`@${colleague.username}`);
    const published = Number(/\/notes\/(\d+)/.exec(page.url())![1]);
    const [latest] = (await colleague.client.get('/api/notifications')).body.items as { kind: string; note: { id: number } | null }[];
    expect(latest).toMatchObject({ kind: 'mention', note: { id: published } });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('mentions a colleague in an AAR answer, choosing with Tab and closing the list with Esc', async () => {
    const colleague = await signedInClient(setup.server.baseUrl, { displayName: 'สมศรี ทองดี' });
    const organiser = await signedInClient(setup.server.baseUrl, { displayName: 'วันดี ผู้จัด' });
    const context = await signedInContext(setup.browser, setup.server.baseUrl, organiser.client);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const answer = '.field:has(> #expected) .rich-editor-content';

    await page.goto(`${setup.server.baseUrl}/aar/new`);
    await page.locator(answer).click();
    await page.keyboard.type('@ทองด');
    const option = page.locator('.mention-list [role=option]', { hasText: 'สมศรี ทองดี' });
    await option.waitFor();
    await page.keyboard.press('Escape');
    await option.waitFor({ state: 'hidden' });
    await page.keyboard.type('ี'); // typing on asks again
    await option.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('ช่วยประสาน');
    await page.waitForFunction(
      (value) => (document.querySelector('#expected') as HTMLTextAreaElement).value === value,
      `@${colleague.username} ช่วยประสาน`,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
