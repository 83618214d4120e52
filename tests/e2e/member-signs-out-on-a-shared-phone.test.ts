import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { launchPhone, newProfileDir, restartableServer, signIn, waitForServiceWorker, type RestartableServer } from '../helpers/offline.ts';

let server: RestartableServer;
beforeAll(async () => {
  server = await restartableServer();
});
afterAll(async () => {
  await server?.stop();
});
/** No signal: the server gone and the phone offline (Chromium's offline mode alone does not reach the worker's fetches). */
async function noSignal(context: import('playwright-core').BrowserContext): Promise<void> {
  await server.stop();
  await context.setOffline(true);
}
async function signalBack(context: import('playwright-core').BrowserContext): Promise<void> {
  await server.start();
  await context.setOffline(false);
}

const pageCaches = (page: import('playwright-core').Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith('banthuek-pages-')) continue;
      out[name] = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
    }
    return out;
  });

describe('two members share one phone', () => {
  it('keeps the first member’s pages for reading offline, and signing out clears them so the next person never sees them', async () => {
    const first = await signedInClient(server.baseUrl, { displayName: 'สมศรี ผู้ใช้คนแรก' });
    const noteId = await createNoteViaApi(first.client, { title: 'บันทึกของสมศรี' });
    const profile = newProfileDir();
    const context = await launchPhone(profile);
    await signIn(context, server.baseUrl, first.client.cookieHeader());
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await waitForServiceWorker(page);
    await page.goto(`${server.baseUrl}/notes/${noteId}`);
    await page.goto(`${server.baseUrl}/notes/${noteId}/edit`);
    const mine = `banthuek-pages-u${first.id}`;
    await expect
      .poll(async () => (await pageCaches(page))[mine] ?? [], { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['/notes/new', '/outbox', `/notes/${noteId}`, `/notes/${noteId}/edit`]));

    // Offline, her edit page opens from the device and says so.
    await noSignal(context);
    await page.goto(`${server.baseUrl}/notes/${noteId}/edit`);
    await page.waitForSelector('#offline-banner:has-text("อ่านแบบออฟไลน์ · บันทึกไว้เมื่อ")');
    expect(await page.inputValue('#title')).toBe('บันทึกของสมศรี');
    await signalBack(context);

    // She signs out: her pages leave the phone.
    await page.goto(`${server.baseUrl}/`);
    await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.click('form[action="/logout"] button')]);
    await expect
      .poll(async () => Object.keys(await pageCaches(page)).filter((name) => name !== 'banthuek-pages--'), { timeout: 15_000 })
      .toEqual([]);

    // The next person, offline, gets no page of hers.
    await noSignal(context);
    await page.goto(`${server.baseUrl}/notes/${noteId}/edit`);
    expect(await page.content()).not.toContain('บันทึกของสมศรี');
    expect(await page.textContent('h1')).toBe('ยังไม่มีสัญญาณ');
    await signalBack(context);

    // A second account signing in on the phone never reads the first one's kept pages either.
    const second = await signedInClient(server.baseUrl);
    await signIn(context, server.baseUrl, second.client.cookieHeader());
    await page.goto(`${server.baseUrl}/notes/new`);
    await expect.poll(async () => Object.keys(await pageCaches(page)), { timeout: 15_000 }).toContain(`banthuek-pages-u${second.id}`);
    expect(Object.keys(await pageCaches(page))).not.toContain(mine);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 120_000);
});
