import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();

describe('members in a browser', () => {
  it('start a community, join it, file a note into it, and are notified of a reply', async () => {
    const owner = await signedInClient(setup.server.baseUrl, { displayName: 'วันเพ็ญ เจ้าของชุมชน' });
    const member = await signedInClient(setup.server.baseUrl, { displayName: 'ประเสริฐ สมาชิก' });
    const ownerContext = await signedInContext(setup.browser, setup.server.baseUrl, owner.client);
    const memberContext = await signedInContext(setup.browser, setup.server.baseUrl, member.client);
    const ownerPage = await ownerContext.newPage();
    const memberPage = await memberContext.newPage();
    const errors = [...collectErrors(ownerPage), ...collectErrors(memberPage)];

    await ownerPage.goto(`${setup.server.baseUrl}/communities/new`);
    await ownerPage.fill('#name', 'เครือข่ายกองทุนสวัสดิการ');
    await ownerPage.fill('#description', 'แลกเปลี่ยนวิธีทำกองทุนให้ยั่งยืน');
    await Promise.all([ownerPage.waitForURL(/\/communities\/.+/), ownerPage.click('#community-form button[type=submit]')]);
    const communityUrl = ownerPage.url();
    expect(await ownerPage.textContent('h1')).toBe('เครือข่ายกองทุนสวัสดิการ');

    const noteId = await createNoteViaApi(member.client, { title: 'กองทุนวันละบาทของตำบลเรา' });
    await memberPage.goto(communityUrl);
    await Promise.all([memberPage.waitForLoadState('load'), memberPage.click('button:text-is("เข้าร่วมชุมชน")')]);
    await memberPage.waitForSelector('button:text-is("ออกจากชุมชน")');
    expect(await memberPage.textContent('#member-count')).toBe('สมาชิก 2 คน');
    expect(await memberPage.locator('#members li').first().textContent()).toContain('ประเสริฐ สมาชิก'); // newest first

    await memberPage.goto(`${setup.server.baseUrl}/notes/${noteId}`);
    await memberPage.selectOption('#file-community', { label: 'เครือข่ายกองทุนสวัสดิการ' });
    await Promise.all([
      memberPage.waitForURL(/#note-communities$/),
      memberPage.click('#note-communities button[type=submit]:text-is("ส่งเข้าชุมชน")'),
    ]);
    expect(await memberPage.locator('#note-communities a').first().textContent()).toBe('เครือข่ายกองทุนสวัสดิการ');

    await ownerPage.reload();
    expect(await ownerPage.locator('.note-list').first().textContent()).toContain('กองทุนวันละบาทของตำบลเรา');
    await ownerPage.click('.note-list a:text-is("กองทุนวันละบาทของตำบลเรา")');
    await ownerPage.fill('#comment-body', `ขอบคุณครับ @${member.username} ฝากเล่าเพิ่มในเวทีเดือนหน้า`);
    await Promise.all([ownerPage.waitForURL(/#comment-\d+$/), ownerPage.click('form.comment-form button[type=submit]')]);

    await memberPage.goto(`${setup.server.baseUrl}/feed`);
    expect(await memberPage.textContent('#unread-count')).toBe('1');
    await memberPage.click('#notifications-link');
    await memberPage.waitForSelector('.notification.unread');
    await Promise.all([memberPage.waitForURL(/\/notes\/\d+#comment-\d+$/), memberPage.click('.notification button.link-button')]);
    expect(await memberPage.locator('#unread-count').count()).toBe(0);
    expect(errors).toEqual([]);
    await ownerContext.close();
    await memberContext.close();
  });
});
