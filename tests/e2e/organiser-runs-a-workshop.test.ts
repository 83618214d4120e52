import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient, uniqueUsername } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };

/** True when the page is no wider than the phone's screen (nothing to scroll sideways). */
const fitsWidth = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('an organiser on a phone', () => {
  it('creates an event, invites by link, sets a cover photo, and a newcomer joins through the link and writes a note about the event', async () => {
    const organiser = await signedInClient(setup.server.baseUrl, { displayName: 'ทีมผู้จัด เวทีนครศรีฯ' });
    const organiserContext = await signedInContext(setup.browser, setup.server.baseUrl, organiser.client, PHONE);
    const page = await organiserContext.newPage();
    const errors = collectErrors(page);
    const base = setup.server.baseUrl;

    // An invitation-only community for the 17-tambon network.
    await page.goto(`${base}/communities/new`);
    await page.fill('#name', 'เครือข่ายสวัสดิการ 17 ตำบล');
    await page.check('input[name=joinPolicy][value=invite]');
    await Promise.all([page.waitForURL(/\/communities\/[^/]+$/), page.click('#community-form button[type=submit]')]);
    expect(await page.textContent('#join-policy')).toBe('รับเฉพาะผู้ได้รับเชิญ');

    // The event, inside the community, provincial (no tambon).
    await page.click('a:text-is("สร้างเวทีของชุมชน")');
    await page.waitForSelector('#event-form');
    await page.fill('#title', 'เวทีแลกเปลี่ยนเรียนรู้สวัสดิการชุมชน');
    await page.fill('#startDate', '12/03/2569'); // Buddhist era, as people write it
    await page.selectOption('#provinceCode', { label: 'นครศรีธรรมราช' });
    await page.fill('#venue', 'หอประชุมมหาวิทยาลัย');
    await page.fill('#programme', '- 09.00 ลงทะเบียน\n- 10.00 กรณีศึกษา');
    await Promise.all([page.waitForURL(/\/events\/\d+$/), page.click('#event-form button[type=submit]')]);
    const eventUrl = page.url();
    expect(await page.textContent('#event-place')).toBe('หอประชุมมหาวิทยาลัย จ.นครศรีธรรมราช');
    expect(await fitsWidth(page)).toBe(true);

    // An invitation link from the manage page.
    await page.click('a:has-text("เครือข่ายสวัสดิการ 17 ตำบล")');
    await page.click('#manage-link');
    await Promise.all([page.waitForSelector('#invitation-url'), page.click('#create-invitation-link')]);
    const invitationUrl = await page.inputValue('#invitation-url');
    expect(new URL(invitationUrl).pathname).toMatch(/^\/i\/[A-Za-z0-9_-]+$/); // a short ASCII link (issue 24)

    // A cover photo from the phone's gallery, through the uploader (JavaScript is on), with words for screen readers.
    await page.waitForSelector('#cover-uploader:not([hidden])');
    await page.fill('#cover-form input[name=alt]', 'ผู้แทน 17 ตำบลล้อมวงที่หอประชุม');
    const photo = { name: 'IMG_0312.JPG', mimeType: 'image/jpeg', buffer: await phonePhoto({ width: 1600, height: 1200 }) };
    await Promise.all([
      page.waitForURL(/\/manage\?cover=saved#cover$/, { timeout: 30_000 }),
      page.setInputFiles('#cover-uploader input[type=file][multiple]:not([accept="image/*"])', [photo]),
    ]);
    await page.waitForSelector('#cover-result');
    await page.click('h1 a');
    const cover = page.locator('.community-cover img');
    expect(await cover.getAttribute('alt')).toBe('ผู้แทน 17 ตำบลล้อมวงที่หอประชุม');
    await page.waitForFunction(() => (document.querySelector('.community-cover img') as HTMLImageElement | null)?.complete === true);
    const box = (await cover.boundingBox())!;
    expect(Math.round(box.width / box.height)).toBe(3);
    expect(await fitsWidth(page)).toBe(true);

    // A newcomer on their own phone opens the link, signs up, and joins.
    const newcomerContext = await setup.browser.newContext({ viewport: PHONE });
    const phone = await newcomerContext.newPage();
    errors.push(...collectErrors(phone));
    await phone.goto(invitationUrl);
    expect(await phone.textContent('h1')).toContain('เครือข่ายสวัสดิการ 17 ตำบล');
    await Promise.all([phone.waitForURL(/\/register\?/), phone.click('#register-to-join')]);
    await phone.fill('#username', uniqueUsername('newcomer'));
    await phone.fill('#displayName', 'ผู้เข้าร่วมจากหน่วยงานภาคี');
    await phone.fill('#password', 'correct horse battery');
    await Promise.all([phone.waitForURL(/\/join\?invitation=/), phone.click('main form button[type=submit]')]);
    await Promise.all([phone.waitForURL(/joined=1/), phone.click('#accept-invitation')]);
    await phone.waitForSelector('#members li:has-text("ผู้เข้าร่วมจากหน่วยงานภาคี")');

    // … goes to the event, says they were there, and writes about it.
    await phone.click('#community-event-list a');
    await phone.waitForURL(eventUrl);
    await Promise.all([phone.waitForSelector('#attend-button[aria-pressed=true]'), phone.click('#attend-button')]);
    await Promise.all([phone.waitForURL(/\/notes\/new\?event=\d+$/), phone.click('#write-about-event')]);
    expect(await phone.textContent('#note-event')).toContain('เวทีแลกเปลี่ยนเรียนรู้สวัสดิการชุมชน');
    await phone.fill('#title', 'ไปเวทีสวัสดิการชุมชนที่นครศรีฯ');
    await phone.click('#markdown-toggle'); // a writer who knows Markdown types the source
    await phone.fill('#body', 'ได้ฟังกรณีศึกษากองทุน **สัจจะวันละบาท** และคุยกับเครือข่ายอีก 55 ตำบล');
    await Promise.all([phone.waitForURL(/\/notes\/\d+\?saved=1$/), phone.click('#note-form button[type=submit]')]);
    expect(await phone.textContent('#note-event a')).toBe('เวทีแลกเปลี่ยนเรียนรู้สวัสดิการชุมชน');

    await page.goto(eventUrl);
    expect(await page.locator('#event-notes ~ .note-list a:text-is("ไปเวทีสวัสดิการชุมชนที่นครศรีฯ")').count()).toBe(1);
    expect(await page.textContent('#event-counts')).toContain('บันทึก 1');
    expect(await page.textContent('#attendees')).toContain('ผู้เข้าร่วมจากหน่วยงานภาคี');
    expect(await fitsWidth(page)).toBe(true);
    expect(errors).toEqual([]);
    await newcomerContext.close();
    await organiserContext.close();
  });
});
