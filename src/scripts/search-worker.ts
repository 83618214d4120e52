/**
 * Runs the search off the page's main thread. Pagefind's pagefind.js is imported here, where there
 * is no `document`: it then leaves Thai queries to our code, exactly as in Node (see query.ts).
 */
import { createSearchClient } from '../lib/search/client.ts';
import { MANIFEST_FILE, type SearchManifest } from '../lib/search/manifest.ts';
import type { PagefindApi, SearchOptions } from '../lib/search/client.ts';

const INDEX_URL = new URL('/search-index/', self.location.origin).href;
let client: ReturnType<typeof createSearchClient> | undefined;

async function openClient(given?: SearchManifest) {
  let manifest = given;
  if (!manifest) {
    const response = await fetch(`${INDEX_URL}${MANIFEST_FILE}`, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`search manifest: HTTP ${response.status}`);
    manifest = (await response.json()) as SearchManifest;
  }
  return createSearchClient({
    baseUrl: INDEX_URL,
    manifest,
    importPagefind: (url) => import(/* @vite-ignore */ url) as Promise<PagefindApi>,
  });
}

/**
 * `{ warm }` (from the header box while someone types, see search-warmup.ts) only loads Pagefind
 * and the index chunks for the words so far, so they are in the HTTP cache when the search page
 * asks; `{ query, options }` searches.
 */
self.onmessage = async (event: MessageEvent<{ query: string; options: SearchOptions; manifest?: SearchManifest } | { warm: string }>) => {
  if ('warm' in event.data) {
    const typed = event.data.warm;
    client ??= openClient();
    (await client.catch(() => undefined))?.preload(typed).catch(() => undefined);
    return;
  }
  try {
    let answer;
    try {
      client ??= openClient(event.data.manifest);
      answer = await (await client).search(event.data.query, event.data.options);
    } catch {
      // Bundles that leave the manifest are no longer served (they may hold removed text): a page
      // holding an older manifest reopens the index with the current one and asks again.
      client = openClient();
      answer = await (await client).search(event.data.query, event.data.options);
    }
    self.postMessage({ answer });
  } catch (error) {
    client = undefined;
    console.error(error);
    self.postMessage({ error: String(error) });
  }
};
