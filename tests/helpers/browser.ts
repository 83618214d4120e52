/**
 * Debian's Chromium driven by playwright-core (browsers cannot be downloaded here).
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Starts a test server and Chromium before the tests of one e2e file and closes both after them.
 * Read `server` and `browser` inside tests (they exist once beforeAll has run).
 */
export function useServerAndBrowser(env: Record<string, string> = {}): { readonly server: TestServer; readonly browser: Browser } {
  const handle = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    handle.server = await startTestServer(env);
    handle.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.server?.stop();
  });
  return handle;
}
