/**
 * The main pages, signed in and out, at a phone's 360×800 and a laptop's 1366×768: no serious or
 * critical axe-core violation, every control at least 44×44 px on the phone, and a screenshot of
 * each (a CI artifact in .artifacts/screenshots) for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import type { TestClient } from '../helpers/client.ts';
import { saveScreenshot, seriousAxeViolations, serveAxeInTests, smallTargets } from '../helpers/page-quality.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';

const setup = useServerAndBrowser({ NEW_ACCOUNT_COMMENT_APPROVALS: '1' });
const PHONE = { width: 360, height: 800 };
const LAPTOP = { width: 1366, height: 768 };
const PHONE_HEADER_MAX_PX = 120;

interface Visit {
  name: string;
  path: string;
  as: TestClient | null;
}

async function siteWithContent() {
  const base = setup.server.baseUrl;
  const author = await signedInWithRole(base, setup.server.databasePath, 'organiser', 'writer');
  const reader = await signedInClient(base);
  const mod = await signedInWithRole(base, setup.server.databasePath, 'moderator');
  const community = await author.client.post('/api/communities', { name: 'เครือข่ายแผนชุมชนทดสอบ', description: 'ชุมชนสำหรับทดสอบ' });
  const slug = community.body.slug as string;
  // A cover photo, so the community page and the listing are audited with their pictures.
  const cover = new FormData();
  cover.append('file', new Blob([new Uint8Array(await phonePhoto({ width: 1600, height: 1000 }))]), 'cover.jpg');
  cover.append('alt', 'สมาชิกเครือข่ายล้อมวงคุยแผนชุมชน');
  const covered = await fetch(`${base}/api/communities/${encodeURIComponent(slug)}/cover`, {
    method: 'POST',
    body: cover,
    headers: { origin: base, cookie: author.client.cookieHeader() },
  });
  if (covered.status !== 200) throw new Error(`cover: ${covered.status} ${await covered.text()}`);
  const noteId = await createNoteViaApi(author.client, {
    title: 'ลงพื้นที่ตำบลบ้านโนน: เวทีแผนชุมชน',
    tags: ['แผนชุมชน', 'ลงพื้นที่', 'KM'],
    body: 'วันนี้ลงพื้นที่กับทีม **กศน.** ครับ\n\n- ประชุมกลุ่มแม่บ้าน\n- เก็บข้อมูลครัวเรือน\n\n> ความรู้อยู่ในตัวคน\n\nอ่านต่อที่ [คู่มือ](https://example.org/guide)',
  });
  for (let i = 1; i <= 3; i++) await createNoteViaApi(author.client, { title: `บันทึกเกี่ยวข้อง ${i}`, tags: ['แผนชุมชน'] });
  await author.client.postForm(`/notes/${noteId}/communities`, { action: 'add', community: slug });
  const comment = await reader.client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณสำหรับบันทึกครับ' });
  await author.client.post(`/api/notes/${noteId}/comments`, { body: 'ยินดีครับ', parentId: comment.body.id });
  return { author, reader, mod, noteId, slug };
}

async function audit(browser: Browser, baseUrl: string, visits: Visit[], viewport: { width: number; height: number }) {
  const problems: string[] = [];
  {
    for (const visit of visits) {
      const context = await browser.newContext({ viewport });
      await serveAxeInTests(context);
      const token = visit.as?.getCookie('banthuek_session');
      if (token) await context.addCookies([{ name: 'banthuek_session', value: token, url: baseUrl }]);
      const page = await context.newPage();
      const response = await page.goto(baseUrl + visit.path, { waitUntil: 'load' });
      if (!response || response.status() >= 400) problems.push(`${visit.name}: HTTP ${response?.status()}`);
      await page.evaluate(() => document.fonts.ready);
      for (const v of await seriousAxeViolations(page))
        problems.push(`${visit.name} @${viewport.width}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.slice(0, 3).join(' | ')}`);
      if (viewport === PHONE) {
        for (const t of await smallTargets(page)) problems.push(`${visit.name} @360: ${t.what} is ${t.width}×${t.height} px`);
        // Issue 24 point 9: the header leaves the screen to the page (it took 217–265 px signed in).
        const header = await page.evaluate(() => document.querySelector('.site-header')!.getBoundingClientRect().height);
        if (header > PHONE_HEADER_MAX_PX) problems.push(`${visit.name} @360: the header is ${Math.round(header)} px tall`);
      }
      await saveScreenshot(page, visit.name);
      await context.close();
    }
  }
  return problems;
}

// Dozens of page loads, each audited and photographed: minutes on a loaded 2-core machine.
const AUDIT_TIMEOUT_MS = 300_000;
let site: Awaited<ReturnType<typeof siteWithContent>> | undefined;

function mainPages(): Visit[] {
  const { author, reader, mod, noteId, slug } = site!;
  const community = `/communities/${encodeURIComponent(slug)}`;
  return [
    { name: 'home', path: '/', as: null },
    { name: 'note', path: `/notes/${noteId}`, as: null },
    { name: 'search', path: `/search?q=${encodeURIComponent('แผนชุมชน')}`, as: null },
    { name: 'aar-list', path: '/aar', as: null },
    { name: 'community', path: community, as: null },
    { name: 'communities', path: '/communities', as: null },
    { name: 'profile', path: `/u/${author.username}`, as: null },
    { name: 'register', path: '/register', as: null },
    { name: 'login', path: '/login', as: null },
    { name: 'home-signed-in', path: '/', as: reader.client },
    { name: 'note-signed-in', path: `/notes/${noteId}`, as: reader.client },
    { name: 'search-signed-in', path: `/search?q=${encodeURIComponent('แผนชุมชน')}`, as: reader.client },
    { name: 'aar-list-signed-in', path: '/aar', as: reader.client },
    { name: 'note-author', path: `/notes/${noteId}`, as: author.client },
    { name: 'editor', path: '/notes/new', as: author.client },
    { name: 'aar-form', path: '/aar/new', as: author.client },
    { name: 'community-member', path: community, as: author.client },
    { name: 'community-manage', path: `${community}/manage`, as: author.client },
    { name: 'profile-own', path: `/u/${reader.username}`, as: reader.client },
    { name: 'settings', path: '/settings', as: reader.client },
    { name: 'notifications', path: '/notifications', as: author.client },
    { name: 'moderation', path: '/moderation', as: mod.client },
    { name: 'note-moderator', path: `/notes/${noteId}`, as: mod.client },
  ];
}

describe('everyone can use it on a phone', () => {
  it(
    'on a 360×800 phone the main pages have no serious axe violations and every control is 44×44 px, signed in and out',
    async () => {
      site ??= await siteWithContent();
      expect(await audit(setup.browser, setup.server.baseUrl, mainPages(), PHONE)).toEqual([]);
    },
    AUDIT_TIMEOUT_MS,
  );

  it('an organiser whose event post has mistakes sees a summary, lands on the first invalid field, and the page stays axe-clean', async () => {
    const organiser = await signedInClient(setup.server.baseUrl);
    const context = await setup.browser.newContext({ viewport: PHONE });
    await serveAxeInTests(context);
    await context.addCookies([
      { name: 'banthuek_session', value: organiser.client.getCookie('banthuek_session')!, url: setup.server.baseUrl },
    ]);
    const page = await context.newPage();
    await page.goto(`${setup.server.baseUrl}/events/new`);
    await page.fill('#title', 'เวทีถอดบทเรียนกองทุนสวัสดิการ');
    await page.fill('#startDate', '31/02/2568');
    await page.fill('#endDate', '12/03/3111');
    await page.fill('#programme', 'บรรทัดกำหนดการ\n'.repeat(40));
    await Promise.all([page.waitForNavigation(), page.click('#event-form button[type=submit]')]);
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual([
      expect.stringContaining('วันที่จัด: วันที่จัดไม่มีในปฏิทิน'),
      expect.stringContaining('ปี พ.ศ. 3111 ดูไม่ถูกต้อง'),
    ]);
    // Focus lands on the first invalid field, scrolled into view, and the typed text is kept.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('startDate');
    const field = (await page.locator('#startDate').boundingBox())!;
    expect(field.y).toBeGreaterThanOrEqual(0);
    expect(field.y + field.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.inputValue('#endDate')).toBe('12/03/3111');
    expect(await page.getAttribute('#startDate', 'aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A summary link takes focus to its field; fixed dates go through.
    await summary.locator('a[href="#endDate"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('endDate');
    await page.fill('#startDate', '28/02/2568');
    await page.fill('#endDate', '๑/๓/๒๕๖๘');
    await Promise.all([page.waitForURL(/\/events\/\d+$/), page.click('#event-form button[type=submit]')]);
    const id = /\/events\/(\d+)$/.exec(page.url())![1];
    expect((await organiser.client.get(`/api/events/${id}`)).body).toMatchObject({ startDate: '2025-02-28', endDate: '2025-03-01' });
    await context.close();
  });

  it(
    'on a 1366×768 laptop the same pages have no serious axe violations',
    async () => {
      site ??= await siteWithContent();
      expect(await audit(setup.browser, setup.server.baseUrl, mainPages(), LAPTOP)).toEqual([]);
    },
    AUDIT_TIMEOUT_MS,
  );
});
