/**
 * The service worker (/sw.js, scope /), built by src/integrations/service-worker.ts with Workbox
 * (docs/decisions/2302-offline-app-service-worker.md):
 * - the build's scripts, styles, fonts, icons and manifest are precached (Workbox precaching);
 * - page loads go to the network first; the pages listed in ./pages.ts are kept per account for
 *   reading offline (at most MAX_KEPT_PAGES, Workbox expiration) and served, marked, without a signal;
 * - a form post with no connection answers a Thai page instead of the browser's offline page;
 * - Background Sync sends the device outbox (src/scripts/outbox/send.ts);
 * - nothing from other origins and no /api/ answer is ever kept.
 * A new version waits until the member taps "มีรุ่นใหม่ แตะเพื่อโหลด" (no skipWaiting on install).
 */
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { clientsClaim } from 'workbox-core';
import { ACCOUNT_HEADER, SIGNED_OUT_TAG } from '../lib/account-tag.ts';
import { drainOutbox } from '../scripts/outbox/send.ts';
import { SYNC_TAG } from '../scripts/outbox/sync-tag.ts';
import {
  MAX_KEPT_PAGES,
  MAX_KEPT_PAGE_AGE_SECONDS,
  WARM_PATHS,
  cachesToClear,
  isKeptPage,
  markSavedCopy,
  pagesCacheName,
} from './pages.ts';
import { offlinePage } from './offline-page.ts';

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
interface WorkerScope {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
  location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: ExtendableEvent & { data: unknown }) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const META_CACHE = 'banthuek-meta';
const ACCOUNT_KEY = '/__banthuek/account';
const SAVED_AT_HEADER = 'x-banthuek-saved-at';
/** How long a page load waits for the network before the kept copy is shown. */
const NETWORK_TIMEOUT_SECONDS = 6;

// NOTE: written as `self.__WB_MANIFEST` so injectManifest finds it in the bundle.
precacheAndRoute((self as unknown as WorkerScope).__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();

let account: string | undefined;

async function currentAccount(): Promise<string> {
  if (account !== undefined) return account;
  const kept = await (await caches.open(META_CACHE)).match(ACCOUNT_KEY);
  account = kept ? await kept.text() : SIGNED_OUT_TAG;
  return account;
}

/** The device now belongs to `next`: every other account's pages are deleted at once. */
async function switchAccount(next: string): Promise<void> {
  if ((await currentAccount()) === next) return;
  account = next;
  await (await caches.open(META_CACHE)).put(ACCOUNT_KEY, new Response(next));
  await Promise.all(cachesToClear(await caches.keys(), next).map((name) => caches.delete(name)));
}

const strategies = new Map<string, NetworkFirst>();

/** Network first; the page is kept in `owner`'s cache only if the server says it is `owner`'s page. */
function pagesStrategy(owner: string): NetworkFirst {
  let strategy = strategies.get(owner);
  if (strategy) return strategy;
  strategy = new NetworkFirst({
    cacheName: pagesCacheName(owner),
    networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
    plugins: [
      {
        cacheWillUpdate: async ({ response }) => {
          const answeredFor = response.headers.get(ACCOUNT_HEADER);
          if (answeredFor) await switchAccount(answeredFor);
          if (response.status !== 200 || response.type !== 'basic' || answeredFor !== owner) return null;
          const headers = new Headers(response.headers);
          headers.set(SAVED_AT_HEADER, new Date().toISOString());
          return new Response(await response.blob(), { status: 200, headers });
        },
        cachedResponseWillBeUsed: async ({ cachedResponse }) => {
          if (!cachedResponse) return null;
          const savedAt = cachedResponse.headers.get(SAVED_AT_HEADER) ?? new Date(0).toISOString();
          return new Response(markSavedCopy(await cachedResponse.text(), savedAt), {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
          });
        },
        handlerDidError: async () => offlinePage(),
      },
      new ExpirationPlugin({ maxEntries: MAX_KEPT_PAGES, maxAgeSeconds: MAX_KEPT_PAGE_AGE_SECONDS, purgeOnQuotaError: true }),
    ],
  });
  strategies.set(owner, strategy);
  return strategy;
}

const sameOrigin = (url: URL) => url.origin === worker.location.origin;

// Page loads of the pages worth reading offline.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && sameOrigin(url) && isKeptPage(url.pathname),
  async (options) => pagesStrategy(await currentAccount()).handle(options),
);

// Any other page load: the network, and a Thai page (never the browser's) when there is none.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && sameOrigin(url) && !isKeptPage(url.pathname),
  async ({ request }) => {
    try {
      const response = await fetch(request);
      const answeredFor = response.headers.get(ACCOUNT_HEADER);
      if (answeredFor) await switchAccount(answeredFor);
      return response;
    } catch {
      return offlinePage();
    }
  },
);

// A form posted with no connection (the editor queues first; this is the last line of defence).
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && sameOrigin(url),
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch {
      return offlinePage('post');
    }
  },
  'POST',
);

/** Fetches the editor, AAR form, outbox and home page into `owner`'s cache, so they open offline. */
async function warmPages(owner: string, event: ExtendableEvent): Promise<void> {
  if ((await currentAccount()) !== owner) return;
  const strategy = pagesStrategy(owner);
  await Promise.all(
    WARM_PATHS.map(async (path) => {
      const [, done] = strategy.handleAll({ request: new Request(path, { credentials: 'same-origin' }), event: event as never });
      await done.catch(() => undefined);
    }),
  );
}

worker.addEventListener('message', (event) => {
  const data = event.data as { type?: string; account?: string } | null;
  if (data?.type === 'SKIP_WAITING') void worker.skipWaiting();
  if (data?.type === 'account' && typeof data.account === 'string') {
    const next = data.account;
    event.waitUntil(switchAccount(next).then(() => (next === SIGNED_OUT_TAG ? undefined : warmPages(next, event))));
  }
});

worker.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const owner = await currentAccount();
      if (owner === SIGNED_OUT_TAG) return;
      const outcome = await drainOutbox(owner);
      // Thrown: the browser tries the sync again later (with back-off).
      if (outcome === 'offline' || outcome === 'server-error') throw new Error(`outbox not sent: ${outcome}`);
    })(),
  );
});
