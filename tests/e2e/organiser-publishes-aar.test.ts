import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, setRole, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();

describe('an organiser in a browser', () => {
  it('publishes the AAR of a 300-person workshop with 9 sub-groups and finds it under its province', async () => {
    const organiser = await signedInClient(setup.server.baseUrl, { displayName: 'สมชาย ผู้จัด' });
    setRole(setup.server, organiser.username, 'organiser');
    const context = await signedInContext(setup.browser, setup.server.baseUrl, organiser.client);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/aar/new`);
    await page.fill('#eventTitle', 'เวทีแผนชุมชนระดับอำเภอ');
    await page.fill('#startDate', '2025-03-12');
    await page.fill('#endDate', '2025-03-13');
    await page.selectOption('#provinceCode', { label: 'ขอนแก่น' });
    await page.waitForSelector('#districtCode option:text-is("เมืองขอนแก่น")', { state: 'attached' });
    await page.selectOption('#districtCode', { label: 'เมืองขอนแก่น' });
    await page.selectOption('#subdistrictCode', { label: 'ในเมือง' });
    await page.fill('#hosts', 'ที่ว่าการอำเภอเมืองขอนแก่น');
    await page.fill('#facilitator', 'สมชาย ใจดี');
    await page.fill('#noteTaker', 'มาลี ศรีสุข');
    await page.fill('#targetPeople', '250');
    await page.fill('#actualPeople', '300');
    const addGroup = page.locator('[data-add-row="subGroups"]');
    for (let i = 0; i < 6; i++) await addGroup.click();
    for (let i = 0; i < 9; i++) {
      await page.fill(`input[name="subGroups.${i}.name"]`, `กลุ่มที่ ${i + 1}`);
      await page.fill(`input[name="subGroups.${i}.people"]`, i < 3 ? '34' : '33');
    }
    await page.fill('#expected', 'ทุกตำบลมีร่างแผนชุมชน');
    await page.fill('#exceeded', 'ผู้สูงอายุเล่าประวัติหมู่บ้าน');
    await page.fill('#fellShort', 'เวลาไม่พอ เพราะเริ่มช้า');
    await page.fill('#nextSteps', 'แบ่งเวลาให้ชัด');
    await page.fill('input[name="actions.0.action"]', 'ส่งร่างแผนให้ อบต.');
    await page.fill('input[name="actions.0.owner"]', 'ปลัดประเสริฐ');
    await page.fill('input[name="actions.0.due"]', '2025-04-30');
    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('#aar-form button[type=submit]')]);

    expect(await page.textContent('h1')).toBe('เวทีแผนชุมชนระดับอำเภอ');
    expect(await page.textContent('#aar-groups')).toBe('กลุ่มย่อย (9 กลุ่ม)');
    expect(await page.locator('.aar-groups li').count()).toBe(9);
    expect(await page.textContent('.aar-actual-people')).toBe('300 คน');
    expect(await page.textContent('.aar-place')).toContain('ต.ในเมือง อ.เมืองขอนแก่น');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

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
