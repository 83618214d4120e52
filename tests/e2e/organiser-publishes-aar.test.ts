import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, setRole, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();

describe('an organiser in a browser', () => {
  it('fills an AAR on a phone with Buddhist-era dates, sees every error at once, closes the tab half-way and gets everything back, publishes it and finds it under its province', async () => {
    const organiser = await signedInClient(setup.server.baseUrl, { displayName: 'สมชาย ผู้จัด' });
    setRole(setup.server, organiser.username, 'organiser');
    const context = await signedInContext(setup.browser, setup.server.baseUrl, organiser.client, { width: 360, height: 800 });
    let page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/aar/new`);
    // Submitting too early shows every error at once, summarised on top, and lands on the first field.
    await page.fill('#startDate', '12/03/3111');
    await Promise.all([page.waitForURL('**/aar/new'), page.click('#aar-form button[type=submit]')]);
    await page.waitForSelector('#error-summary');
    const summary = await page.locator('#error-summary li').allTextContents();
    expect(summary.length).toBeGreaterThanOrEqual(8);
    expect(summary).toEqual(
      expect.arrayContaining([expect.stringContaining('ปี พ.ศ. 3111'), expect.stringContaining('กรุณาระบุจำนวนผู้เข้าร่วมจริง')]),
    );
    await page.waitForFunction(() => document.activeElement?.id === 'eventTitle');
    expect(await page.textContent('#actual-rule')).toContain('มาจริง (คน) หรือ มาจริง (ตำบล)');
    expect(await page.textContent('#aar-progress-text')).toMatch(/กรอกครบ \d+ จาก \d+ ส่วน/);

    await page.fill('#eventTitle', 'เวทีแผนชุมชนระดับอำเภอ');
    await page.fill('#startDate', '12/03/2568'); // Buddhist era, as people write it
    await page.fill('#endDate', '13/03/2568');
    await page.selectOption('#provinceCode', { label: 'ขอนแก่น' });
    await page.waitForSelector('#districtCode option:text-is("เมืองขอนแก่น")', { state: 'attached' });
    await page.selectOption('#districtCode', { label: 'เมืองขอนแก่น' });
    await page.selectOption('#subdistrictCode', { label: 'ในเมือง' });
    // Closing the tab half-way loses nothing: the form keeps a local copy and offers it back.
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('ในเมือง') || v.includes('เวทีแผนชุมชนระดับอำเภอ')));
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('13/03/2568')));
    await page.close();
    page = await context.newPage();
    errors.push(...collectErrors(page));
    await page.goto(`${setup.server.baseUrl}/aar/new`);
    await page.waitForSelector('#draft-restore:not([hidden])');
    await page.click('#draft-restore-yes');
    expect(await page.inputValue('#eventTitle')).toBe('เวทีแผนชุมชนระดับอำเภอ');
    expect(await page.inputValue('#startDate')).toBe('12/03/2568');
    await page.waitForFunction(
      () => (document.querySelector('#subdistrictCode') as HTMLSelectElement).selectedOptions[0]?.textContent === 'ในเมือง',
    );

    await page.fill('#hosts', 'ที่ว่าการอำเภอเมืองขอนแก่น');
    await page.fill('#facilitator', 'สมชาย ใจดี');
    await page.fill('#noteTaker', 'มาลี ศรีสุข');
    await page.fill('#targetPeople', '250');
    await page.fill('#actualPeople', '300');
    const addGroup = page.locator('[data-add-row="subGroups"]');
    while ((await page.locator('[data-rows="subGroups"] .aar-row').count()) < 9) await addGroup.click();
    const titles = (await page.locator('[data-rows="subGroups"] .aar-row-title').allTextContents()).map((t) => t.trim());
    expect(titles).toEqual(titles.map((_, i) => `กลุ่มย่อยที่ ${i + 1}`)); // numbered as the errors name them
    for (let i = 0; i < 9; i++) {
      await page.fill(`input[name="subGroups.${i}.name"]`, `กลุ่มที่ ${i + 1}`);
      await page.fill(`input[name="subGroups.${i}.people"]`, i < 3 ? '34' : '33');
    }
    // The four answers are rich editors over their (hidden) textareas.
    const answers = {
      expected: 'ทุกตำบลมีร่างแผนชุมชน',
      exceeded: 'ผู้สูงอายุเล่าประวัติหมู่บ้าน',
      fellShort: 'เวลาไม่พอ เพราะเริ่มช้า',
      nextSteps: 'แบ่งเวลาให้ชัด',
    };
    for (const [id, text] of Object.entries(answers)) {
      await page.locator(`.field:has(> #${id}) .rich-editor-content`).click();
      await page.keyboard.type(text);
    }
    await page.fill('input[name="actions.0.action"]', 'ส่งร่างแผนให้ อบต.');
    await page.fill('input[name="actions.0.owner"]', 'ปลัดประเสริฐ');
    await page.fill('input[name="actions.0.due"]', '30/04/2568');
    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('#aar-form button[type=submit]')]);

    expect(await page.textContent('h1')).toBe('เวทีแผนชุมชนระดับอำเภอ');
    expect(await page.textContent('main')).toContain('12 มี.ค. 2568');
    expect(await page.textContent('main')).toContain('30 เม.ย. 2568'); // the follow-up's due date, in Buddhist era too
    expect(await page.textContent('#aar-groups')).toBe('กลุ่มย่อย (9 กลุ่ม)');
    expect(await page.locator('.aar-groups li').count()).toBe(9);
    expect(await page.textContent('.aar-actual-people')).toBe('300 คน');
    expect(await page.textContent('.aar-place')).toContain('ต.ในเมือง อ.เมืองขอนแก่น');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.click('.aar-place a'); // จ.ขอนแก่น → the AAR list filtered by province
    await page.waitForURL(/\/aar\?province=/);
    expect(await page.textContent('#aar-count')).toContain('จ.ขอนแก่น');
    expect(await page.locator('.aar-list').textContent()).toContain('เวทีแผนชุมชนระดับอำเภอ');
    await page.selectOption('select[name="year"]', { label: '2568' });
    await Promise.all([page.waitForURL(/year=2025/), page.click('.filter-form button[type=submit]')]);
    expect(await page.locator('.aar-list li').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
