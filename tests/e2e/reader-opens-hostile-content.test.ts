import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { clientFromNewAddress, createNoteViaApi, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';

const setup = useServerAndBrowser();

describe('a reader in a real browser', () => {
  it("opens a note, its comments and its author's profile full of XSS payloads and nothing runs", async () => {
    const writer = clientFromNewAddress(setup.server.baseUrl);
    const username = uniqueUsername('hostile');
    await writer.post('/api/auth/register', {
      username,
      password: TEST_PASSWORD,
      displayName: '<img src=x onerror=alert(1)>',
      organisation: '"><svg onload=alert(1)>',
    });
    await writer.postForm('/settings', {
      action: 'profile',
      displayName: '<script>alert(1)</script>',
      bio: XSS_PAYLOADS.slice(0, 40).join('\n').slice(0, 2000),
    });
    const id = await createNoteViaApi(writer, {
      title: '"><img src=x onerror=alert(1)>',
      body: XSS_PAYLOADS.join('\n\n'),
      tags: ['javascript:alert(1)'],
    });
    for (const payload of XSS_PAYLOADS.slice(0, 25)) await writer.post(`/api/notes/${id}/comments`, { body: payload });

    const context = await setup.browser.newContext();
    const dialogs: string[] = [];
    const failures: string[] = [];
    context.on('page', (p) =>
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      }),
    );
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => failures.push(String(e)));
    // Any script the payloads managed to inject would most likely call alert(); also catch other sinks.
    await page.addInitScript(() => {
      (window as any).__xss = 0;
      for (const name of ['alert', 'confirm', 'prompt'] as const)
        (window as any)[name] = () => {
          (window as any).__xss += 1;
        };
    });
    for (const path of [`/notes/${id}`, `/u/${username}`, '/', `/tags/${encodeURIComponent('javascript:alert(1)')}`]) {
      await page.goto(setup.server.baseUrl + path);
      await page.waitForLoadState('load');
      // Hover and focus everything so on*-style handlers would fire if any survived.
      for (const el of await page.locator('main a, main img, main p').all())
        await el.hover({ trial: false, timeout: 1000 }).catch(() => {});
      expect(await page.evaluate(() => (window as any).__xss), path).toBe(0);
      expect(await page.locator('script:not([src])').count(), path).toBe(0);
      expect(await page.locator('main iframe, main object, main embed, main svg').count(), path).toBe(0);
    }
    expect(dialogs).toEqual([]);
    expect(failures).toEqual([]);
    await context.close();
  });
});
