import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };

async function profile(client: Awaited<ReturnType<typeof signedInClient>>['client'], fields: Record<string, string>) {
  const res = await client.postForm('/settings', { action: 'profile', ...fields });
  expect(res.status).toBe(303);
}

describe('a reader on a phone', () => {
  it('finds a person by province and expertise, opens their note, gives appreciation, saves it and finds it at /saved', async () => {
    const base = setup.server.baseUrl;
    const expert = await signedInClient(base, { displayName: 'วีณา ใจดี' });
    await profile(expert.client, {
      displayName: 'วีณา ใจดี',
      organisation: 'สสจ.นครศรีธรรมราช',
      province: 'นครศรีธรรมราช',
      position: 'นักวิชาการสาธารณสุข',
      expertise: 'อสม., การเยี่ยมบ้าน',
    });
    const noteId = await createNoteViaApi(expert.client, { title: 'อสม. เยี่ยมบ้านผู้ป่วยติดเตียงอย่างไรให้ได้ผล' });
    const commentId = (await expert.client.post(`/api/notes/${noteId}/comments`, { body: 'เพิ่มเติม: นัดญาติผู้ป่วยก่อนทุกครั้ง' })).body.id as number;
    // Same province, other expertise; same expertise, other province: neither may show.
    const neighbour = await signedInClient(base, { displayName: 'สมชาย นครศรี' });
    await profile(neighbour.client, { displayName: 'สมชาย นครศรี', province: 'นครศรีธรรมราช', expertise: 'แผนชุมชน' });
    const faraway = await signedInClient(base, { displayName: 'มาลี เชียงใหม่' });
    await profile(faraway.client, { displayName: 'มาลี เชียงใหม่', province: 'เชียงใหม่', expertise: 'อสม.' });

    const reader = await signedInClient(base, { displayName: 'ผู้อ่านจากอำเภอ' });
    const context = await signedInContext(setup.browser, base, reader.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${base}/people`);
    // On a phone the filters are folded so the first people show on the first screen.
    expect(await page.isVisible('#people-province')).toBe(false);
    expect(
      await page
        .locator('[data-username]')
        .first()
        .boundingBox()
        .then((b) => b!.y),
    ).toBeLessThan(PHONE.height);
    // Issue 24: each card's name link is a thumb-sized target.
    const nameHeights = await page.locator('.person h2 a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
    expect(nameHeights.length).toBeGreaterThan(0);
    for (const height of nameHeights) expect(height).toBeGreaterThanOrEqual(44);
    await page.click('.people-more summary');
    await page.selectOption('#people-province', 'นครศรีธรรมราช');
    await page.fill('#people-expertise', 'อสม.');
    await Promise.all([page.waitForURL(/\/people\?.*expertise=/), page.click('.people-filters button[type=submit]')]);
    const entries = page.locator('[data-username]');
    expect(await entries.count()).toBe(1);
    expect(await entries.first().getAttribute('data-username')).toBe(expert.username);
    expect(await entries.first().textContent()).toContain('สสจ.นครศรีธรรมราช');
    expect(await page.isVisible('#people-province')).toBe(true); // a filter in use keeps them open
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await Promise.all([page.waitForURL(`**/u/${expert.username}`), entries.first().locator('h2 a').click()]);
    expect(await page.textContent('h1')).toBe('วีณา ใจดี');
    await Promise.all([page.waitForURL(/\/notes\/\d+/), page.click('a:text-is("อสม. เยี่ยมบ้านผู้ป่วยติดเตียงอย่างไรให้ได้ผล")')]);
    expect(page.url()).toContain(`/notes/${noteId}`);

    // Appreciation, with JavaScript: the count and the button change in place.
    const appreciate = page.locator('#appreciation button.appreciate-button');
    await appreciate.scrollIntoViewIfNeeded();
    expect(await page.textContent('#appreciation-count')).toBe('0');
    await appreciate.click();
    await page.waitForSelector('#appreciation button.appreciate-button[aria-pressed="true"]');
    expect(await page.textContent('#appreciation-count')).toBe('1');
    expect(await appreciate.textContent()).toBe('ให้กำลังใจแล้ว');

    // A comment too, and taking it back.
    const commentButton = page.locator(`#comment-${commentId} form.appreciation button`);
    await commentButton.click();
    await page.waitForSelector(`#comment-${commentId} form.appreciation button[aria-pressed="true"]`);
    expect(await page.textContent(`#comment-${commentId} [data-appreciation-count]`)).toBe('1');
    await commentButton.click();
    await page.waitForSelector(`#comment-${commentId} form.appreciation button[aria-pressed="false"]`);
    expect(await page.textContent(`#comment-${commentId} [data-appreciation-count]`)).toBe('0');

    const save = page.locator('#appreciation button:text-is("เก็บไว้อ่าน")');
    await save.click();
    await page.waitForSelector('#appreciation button[aria-pressed="true"]:text-is("เก็บไว้แล้ว")');

    // The server kept both: a reload shows them.
    await page.reload();
    expect(await page.textContent('#appreciation-count')).toBe('1');
    expect(await page.getAttribute('#appreciation button.appreciate-button', 'aria-pressed')).toBe('true');

    await Promise.all([page.waitForURL(`${base}/saved`), page.click('.account-nav a:text-is("เก็บไว้อ่าน")')]);
    const saved = page.locator('#saved-notes [data-note-id]');
    expect(await saved.count()).toBe(1);
    expect(await saved.first().getAttribute('data-note-id')).toBe(String(noteId));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The author was told once.
    const notices = (await expert.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'appreciation');
    expect(notices).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signed out, the appreciation button asks to sign in and comes back to the same place', async () => {
    const base = setup.server.baseUrl;
    const author = await signedInClient(base);
    const noteId = await createNoteViaApi(author.client, { title: 'บันทึกที่ผู้อ่านยังไม่ได้เข้าระบบ' });
    const reader = await signedInClient(base);
    const context = await setup.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/notes/${noteId}`);
    expect(await page.textContent('#appreciation-count')).toBe('0');
    await Promise.all([page.waitForURL(/\/login\?next=/), page.click('#appreciation a:text-is("ให้กำลังใจ")')]);
    await page.fill('#username', reader.username);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/notes/${noteId}#appreciation`), page.click('main button[type=submit]')]);
    await page.click('#appreciation button.appreciate-button');
    await page.waitForSelector('#appreciation button.appreciate-button[aria-pressed="true"]');
    expect(await page.textContent('#appreciation-count')).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  });
});
