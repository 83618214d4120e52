/**
 * Issue 26's KM cycle in Chromium: a member asks the network, another answers, the asker accepts
 * the answer and turns it into the community's knowledge asset in the rich editor, a member says
 * they applied it, and the organiser sees the report's counts move.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';
import { seriousAxeViolations, serveAxeInTests, smallTargets } from '../helpers/page-quality.ts';

const setup = useServerAndBrowser();

describe('a community in a browser', () => {
  it('asks, answers, accepts, turns the answer into an asset, marks it applied, and sees the report move', async () => {
    const base = setup.server.baseUrl;
    const organiser = await signedInClient(base, { displayName: 'สมชาย ผู้จัด' });
    const asker = await signedInClient(base, { displayName: 'มาลี ผู้ถาม' });
    const answerer = await signedInClient(base, { displayName: 'ประเสริฐ ผู้ตอบ' });
    const community = await organiser.client.post('/api/communities', { name: 'เครือข่ายธนาคารขยะ', joinPolicy: 'open' });
    const slug = community.body.slug as string;
    for (const member of [asker, answerer]) {
      expect((await member.client.post(`/api/communities/${encodeURIComponent(slug)}/membership`)).status).toBe(200);
    }
    const contexts = await Promise.all([asker, answerer, organiser].map((who) => signedInContext(setup.browser, base, who.client)));
    await Promise.all(contexts.map((context) => serveAxeInTests(context)));
    const [askerPage, answererPage, organiserPage] = (await Promise.all(contexts.map((context) => context.newPage()))) as [
      Page,
      Page,
      Page,
    ];
    const errors = [askerPage, answererPage, organiserPage].flatMap((page) => collectErrors(page));
    const count = (key: string) => organiserPage.textContent(`[data-count="${key}"]`);

    await organiserPage.goto(`${base}/reports/km?community=${encodeURIComponent(slug)}`);
    expect([await count('questions'), await count('answered'), await count('assets'), await count('applied')]).toEqual([
      '0',
      '0',
      '0',
      '0',
    ]);

    // Ask: a question, filed into the community.
    await askerPage.goto(`${base}/notes/new`);
    await askerPage.check('input[name=kind][value=question]');
    await askerPage.fill('#title', 'แยกขยะอย่างไรให้ชาวบ้านทำต่อเนื่อง');
    await askerPage.click('#markdown-toggle');
    await askerPage.fill('#body', 'ตั้งธนาคารขยะแล้ว แต่ผ่านไปสามเดือนคนเริ่มไม่มา มีใครเคยแก้ได้บ้าง');
    await Promise.all([askerPage.waitForURL(/\/notes\/\d+\?saved=1$/), askerPage.click('form#note-form button[type=submit]')]);
    const questionUrl = askerPage.url().replace(/\?.*$/, '');
    expect(await askerPage.getAttribute('[data-question-status]', 'data-question-status')).toBe('open');
    await askerPage.selectOption('#file-community', { label: 'เครือข่ายธนาคารขยะ' });
    await Promise.all([askerPage.waitForURL(/#note-communities$/), askerPage.click('#note-communities button[type=submit]')]);

    // Answer, then accept.
    const answer = 'ให้แลกขยะเป็นไข่ไก่ทุกวันเสาร์ แล้วประกาศยอดออมผ่านเสียงตามสาย';
    await answererPage.goto(questionUrl);
    await answererPage.fill('#comment-body', answer);
    await Promise.all([answererPage.waitForURL(/#comment-\d+$/), answererPage.click('form.comment-form button[type=submit]')]);
    await askerPage.goto(questionUrl);
    await Promise.all([askerPage.waitForURL(/#comment-\d+$|#accepted-answer$/), askerPage.click('[data-accept-answer]')]);
    await askerPage.waitForSelector('[data-accepted-answer]');
    expect(await askerPage.textContent('[data-accepted-answer] .comment-body')).toContain(answer);

    // Turn the answer into the community's knowledge asset, written further in the rich editor.
    await Promise.all([askerPage.waitForURL(/\/sources$/), askerPage.click('#answer-to-asset')]);
    await Promise.all([askerPage.waitForURL(/\/assets\/new\?note=\d+$/), askerPage.click('#new-asset-from-note a')]);
    expect(await askerPage.inputValue('#asset-title')).toBe('แยกขยะอย่างไรให้ชาวบ้านทำต่อเนื่อง');
    const editor = askerPage.locator('.rich-editor [contenteditable=true]');
    await editor.waitFor();
    expect(await editor.textContent()).toContain(answer);
    await editor.click();
    await askerPage.keyboard.press('Control+End');
    await askerPage.keyboard.press('Enter');
    await askerPage.keyboard.type('ทำครบสามเดือนแล้วสมาชิกกลับมา');
    await Promise.all([askerPage.waitForURL(/\/assets\/\d+$/), askerPage.click('#asset-form button[type=submit]')]);
    expect(await askerPage.textContent('#asset .note-body')).toContain('ทำครบสามเดือนแล้วสมาชิกกลับมา');
    expect(await askerPage.textContent('#asset-sources')).toContain('แยกขยะอย่างไรให้ชาวบ้านทำต่อเนื่อง');
    const assetUrl = askerPage.url();

    // Applied: a member tells how it went.
    await answererPage.goto(assetUrl);
    await answererPage.fill('#applied-story', 'ใช้ที่บ้านโนนสูงแล้ว คนมาแลกเพิ่มจาก 12 เป็น 40 ครัวเรือน');
    await Promise.all([answererPage.waitForURL(/#applied$/), answererPage.click('#applied-form button[type=submit]')]);
    expect(await answererPage.textContent('[data-applied-count]')).toBe('1');

    await organiserPage.reload();
    expect([await count('questions'), await count('answered'), await count('assets'), await count('applied')]).toEqual([
      '1',
      '1',
      '1',
      '1',
    ]);

    // The new pages on a phone-sized screen: no serious axe finding, every control 44 px or more.
    const problems: string[] = [];
    const noteId = /\/notes\/(\d+)/.exec(questionUrl)![1];
    for (const path of [`/notes/${noteId}`, `/notes/${noteId}/sources`, new URL(assetUrl).pathname, `/u/${asker.username}`]) {
      await askerPage.goto(base + path);
      for (const v of await seriousAxeViolations(askerPage))
        problems.push(`${path}: axe ${v.id} (${v.help}) at ${v.targets.slice(0, 2).join(' | ')}`);
      for (const t of await smallTargets(askerPage)) problems.push(`${path}: ${t.what} is ${t.width}×${t.height} px`);
    }
    expect(await askerPage.locator('[data-author-stats]').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await Promise.all(contexts.map((context) => context.close()));
  });
});
