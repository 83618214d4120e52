import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';

const setup = useServerAndBrowser({ NEW_ACCOUNT_COMMENT_APPROVALS: '1' });

describe('a moderator in a browser', () => {
  it('clears a spam wave from the queue in a few clicks and approves the real newcomer', async () => {
    const author = await signedInClient(setup.server.baseUrl);
    const noteId = await createNoteViaApi(author.client, { title: 'เวทีประชาคมหมู่บ้าน' });
    const spammer = await signedInClient(setup.server.baseUrl);
    for (let i = 0; i < 8; i++)
      await spammer.client.post(`/api/notes/${noteId}/comments`, { body: `รับทำเงินด่วน ${i} [คลิก](https://spam.example/${i})` });
    const spamNote = await createNoteViaApi(spammer.client, { title: 'รวยทางลัดวันนี้' });
    for (let i = 0; i < 2; i++)
      await (
        await signedInClient(setup.server.baseUrl)
      ).client.post('/api/reports', { targetType: 'note', targetId: spamNote, reason: 'สแปมโฆษณา' });
    const newcomer = await signedInClient(setup.server.baseUrl);
    await newcomer.client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณที่แบ่งปันครับ ได้ไอเดียไปใช้ที่ตำบล' });
    const mod = await signedInWithRole(setup.server.baseUrl, setup.server.databasePath, 'moderator', 'mod');

    const page = await setup.browser.newPage({ viewport: { width: 1024, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${setup.server.baseUrl}/login`);
    await page.fill('#username', mod.username);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${setup.server.baseUrl}/`), page.click('main button[type=submit]')]);

    // Click 1: the queue, from the header.
    await Promise.all([page.waitForURL('**/moderation'), page.click('nav >> text=คิวตรวจสอบ')]);
    expect(await page.textContent('#pending-heading')).toContain('(9)');
    expect(await page.locator(`[data-author="${spammer.username}"] li`).count()).toBe(8);
    expect(await page.textContent('#reports-heading')).toContain('(1)');
    expect(await page.textContent('.moderation-queue')).toContain('สแปมโฆษณา');

    // Click 2 asks first, in a dialog naming the account and what will be hidden; click 3 confirms.
    await page.click(`[data-author="${spammer.username}"] button:has-text("ซ่อนทั้งหมดของผู้ใช้นี้และระงับบัญชี")`);
    const dialog = page.locator('dialog.confirm-dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`@${spammer.username}) และระงับบัญชีหรือไม่?`);
    expect(await dialog.textContent()).toMatch(/จะซ่อนบันทึก 1 รายการและความเห็น 8 รายการ/);
    expect(page.url()).toMatch(/\/moderation$/);
    await Promise.all([page.waitForURL('**/moderation?done=*'), dialog.locator('button.danger').click()]);
    expect(await page.textContent('[role=status]')).toContain('ดำเนินการแล้ว 9 รายการ');
    expect(await page.locator(`[data-author="${spammer.username}"]`).count()).toBe(0);
    expect(await page.locator('#reports-heading').count()).toBe(0); // the reported spam note was hidden with the rest

    // Clicks 4 and 5: tick the real newcomer's comment and approve it.
    await page.check(`[data-author="${newcomer.username}"] input[type=checkbox]`);
    await Promise.all([page.waitForURL('**/moderation?done=1'), page.click('.queue-actions button[value=approve]')]);
    expect(await page.textContent('#queue-empty')).toContain('ไม่มีรายการรอตรวจสอบ');

    // What visitors see now.
    const anon = new TestClient(setup.server.baseUrl);
    const notePage = (await anon.get(`/notes/${noteId}`)).text;
    expect(notePage).toContain('ได้ไอเดียไปใช้ที่ตำบล');
    expect(notePage).not.toContain('รับทำเงินด่วน');
    expect((await anon.get(`/notes/${spamNote}`)).status).toBe(404);
    expect((await anon.get('/')).text).not.toContain('รวยทางลัดวันนี้');
    expect((await spammer.client.post(`/api/notes/${noteId}/comments`, { body: 'กลับมาอีก' })).status).toBe(401);
    expect(errors).toEqual([]); // no CSP violation or script error on the way
    await page.close();
  });
});
