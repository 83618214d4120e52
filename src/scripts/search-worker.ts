/**
 * Runs the search off the page's main thread. Pagefind's pagefind.js is imported here, where there
 * is no `document`: it then leaves Thai queries to our code, exactly as in Node (see query.ts).
 */
import { createSearchClient } from '../lib/search/client.ts';
import { MANIFEST_FILE, type SearchManifest } from '../lib/search/manifest.ts';
import type { PagefindApi, SearchOptions } from '../lib/search/client.ts';

const INDEX_URL = new URL('/search-index/', self.location.origin).href;
let client: ReturnType<typeof createSearchClient> | undefined;

async function openClient() {
  const response = await fetch(`${INDEX_URL}${MANIFEST_FILE}`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`search manifest: HTTP ${response.status}`);
  const manifest = (await response.json()) as SearchManifest;
  return createSearchClient({ baseUrl: INDEX_URL, manifest, importPagefind: (url) => import(/* @vite-ignore */ url) as Promise<PagefindApi> });
}

async function search(query: string, options: SearchOptions) {
  client ??= openClient();
  return (await client).search(query, options);
}

self.onmessage = async (event: MessageEvent<{ query: string; options: SearchOptions }>) => {
  try {
    let answer;
    try {
      answer = await search(event.data.query, event.data.options);
    } catch {
      // Bundles that left the manifest are deleted at once (they may hold removed text): reopen with the current one.
      client = undefined;
      answer = await search(event.data.query, event.data.options);
    }
    self.postMessage({ answer });
  } catch (error) {
    client = undefined;
    console.error(error);
    self.postMessage({ error: String(error) });
  }
};
