/**
 * For the offline-app tests: a Chromium profile kept on disk (so the service worker, IndexedDB and
 * cookies survive closing the browser), "no signal" (the server stopped and the browser offline),
 * and a server restarted on the same port and data, so the page's origin (and its storage) stays.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

const PHONE = { width: 360, height: 800 };

/** A fresh profile folder. */
export const newProfileDir = () => mkdtempSync(join(tmpdir(), 'banthuek-profile-'));

export function launchPhone(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: PHONE,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Signs the profile in with a test client's session cookie. */
export async function signIn(context: BrowserContext, baseUrl: string, cookieHeader: string): Promise<void> {
  const [name, value] = cookieHeader.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl, expires: Math.floor(Date.now() / 1000) + 3600 }]);
}

/** Waits until the page is controlled by the service worker (installed, precached, claimed). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
}

/** A server on a fixed data dir that can be stopped and started again on the same port. */
export interface RestartableServer {
  readonly current: TestServer;
  readonly baseUrl: string;
  stop(): Promise<void>;
  /** kill -9: requests in flight lose their answers (what a dropped signal does to a phone). */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function restartableServer(): Promise<RestartableServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'banthuek-offline-'));
  let current = await startTestServer({}, { dataDir });
  const port = new URL(current.baseUrl).port;
  let running = true;
  return {
    get current() {
      return current;
    },
    baseUrl: current.baseUrl,
    async stop() {
      if (running) await current.stop();
      running = false;
    },
    async kill() {
      if (running) await current.killHard();
      running = false;
    },
    async start() {
      if (running) return;
      current = await startTestServer({ PORT: port }, { dataDir });
      running = true;
    },
  };
}

/** Reads the outbox's items straight from IndexedDB (what /outbox lists). */
export function outboxStates(page: Page): Promise<{ kind: string; state: string; error?: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('banthuek-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('items')) return resolve([]);
          const all = db.transaction('items').objectStore('items').getAll();
          all.onsuccess = () =>
            resolve(
              all.result.map((i: { kind: string; state: string; error?: string }) => ({ kind: i.kind, state: i.state, error: i.error })),
            );
        };
      }),
  );
}
