/**
 * Issue 23, the service worker's two quiet jobs:
 * - a new deploy never takes over an open editor: the member sees "มีรุ่นใหม่ แตะเพื่อโหลด" and the
 *   new version loads only when they tap it;
 * - Background Sync (Chromium): the worker itself sends the device outbox, with no page of the site
 *   open (the pages' own triggers are tested elsewhere: `online` in officer-sends-through-a-flapping-signal,
 *   opening the app in officer-writes-in-the-field-without-signal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { deployProxy, type DeployProxy } from '../helpers/deploy-proxy.ts';
import { flakyLink, type FlakyLink } from '../helpers/flaky-link.ts';
import { queryDb } from '../helpers/km.ts';
import { launchPhone, newProfileDir, outboxStates, signIn, waitForServiceWorker } from '../helpers/offline.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let proxy: DeployProxy;
let link: FlakyLink;
beforeAll(async () => {
  server = await startTestServer();
  proxy = await deployProxy(server.baseUrl);
  link = await flakyLink(server.baseUrl);
});
afterAll(async () => {
  await link?.close();
  await proxy?.close();
  await server?.stop();
});

const SYNC_TAG = 'banthuek-outbox';

describe('a new version of the app', () => {
  it('waits while the member writes; "มีรุ่นใหม่ แตะเพื่อโหลด" loads it when they tap', async () => {
    const profile = newProfileDir();
    const { client } = await signedInClient(server.baseUrl);
    const context = await launchPhone(profile);
    await signIn(context, proxy.baseUrl, client.cookieHeader());
    const page = await context.newPage();
    await page.goto(`${proxy.baseUrl}/notes/new`);
    await waitForServiceWorker(page);
    await page.fill('#title', 'บันทึกที่ยังเขียนไม่จบ');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    proxy.deploy();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.locator('#app-update');
    await prompt.waitFor();
    expect(await prompt.textContent()).toBe('มีรุ่นใหม่ แตะเพื่อโหลด');
    // The new worker waits: the open editor was not reloaded and keeps what was typed.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.inputValue('#title')).toBe('บันทึกที่ยังเขียนไม่จบ');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting?.state)).toBe('installed');

    // Tapping it activates the new worker and reloads the page under it.
    await Promise.all([page.waitForEvent('load'), prompt.click()]);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    await waitForServiceWorker(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
    expect(await page.locator('#app-update').count()).toBe(0);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 90_000);
});

describe('Background Sync (Chromium)', () => {
  it('the worker sends a comment written offline, with no page of the site open, exactly once', async () => {
    const author = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client, { title: 'ถอดบทเรียนธนาคารข้าว' });
    const profile = newProfileDir();
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const context = await launchPhone(profile);
    await signIn(context, link.baseUrl, client.cookieHeader());
    const page = await context.newPage();
    await page.goto(`${link.baseUrl}/notes/${noteId}`);
    await waitForServiceWorker(page);
    expect(await page.evaluate(async () => 'sync' in (await navigator.serviceWorker.ready))).toBe(true);

    link.cut();
    await context.setOffline(true);
    await page.fill('#comment-body', 'ธนาคารข้าวของตำบลเราก็ทำแบบนี้ครับ');
    await page.click('form.comment-form button[type=submit]');
    await page.waitForSelector('.notice:has-text("ความเห็นนี้เก็บไว้ในเครื่องแล้ว")');
    // Queueing asked the browser for a sync (it fired into the cut link, failed, and waits to retry).
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            // Background Sync is not in TypeScript's DOM types (Chromium only).
            const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
              sync: { getTags(): Promise<string[]> };
            };
            return registration.sync.getTags();
          }),
        { timeout: 10_000 },
      )
      .toContain(SYNC_TAG);
    expect(await outboxStates(page)).toMatchObject([{ kind: 'comment', state: 'waiting' }]);

    // No page of the site stays open: only the worker can send now.
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${link.baseUrl}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await page.goto('about:blank');
    link.restore();
    await context.setOffline(false);
    // The browser's retry comes minutes later; DevTools fires the registered sync now instead.
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: link.baseUrl,
      registrationId: await registrationId,
      tag: SYNC_TAG,
      lastChance: false,
    });
    const comments = () =>
      queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM comments WHERE note_id = ? AND author_id = ?', noteId, userId)[0]!.n;
    await expect.poll(comments, { timeout: 30_000, interval: 300 }).toBe(1);

    // Back in the app: the outbox is empty and nothing is sent twice.
    await page.goto(`${link.baseUrl}/outbox`);
    await page.waitForSelector('#outbox-empty:not([hidden])');
    expect(comments()).toBe(1);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 90_000);
});
