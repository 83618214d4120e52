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
    expect(await page.getAttribute('#comment-body', 'aria-expanded')).toBe('true');
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

    // The editor suggests too.
    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.click('#markdown-toggle'); // suggestions in the Markdown source view
    await page.click('#body');
    await page.keyboard.type(`@${colleague.username.slice(0, 6)}`);
    await page.locator('.mention-list [role=option]').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
