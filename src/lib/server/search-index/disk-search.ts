/**
 * Runs the page's search code in Node against the index on disk: Pagefind's own pagefind.js is
 * imported from the bundle and its fetches are answered from files, so the CLI and the tests
 * exercise exactly what browsers run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSearchClient, type PagefindApi, type SearchAnswer, type SearchOptions } from '../../search/client.ts';
import { readManifest } from './store.ts';

const DISK_ORIGIN = 'http://search-index.disk/';
const roots = new Map<string, string>();
let clients = 0;

function installFetchShim(): void {
  if (roots.size) return;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(DISK_ORIGIN)) return networkFetch(input, init);
    const [rootKey, ...rest] = new URL(url).pathname.slice(1).split('/');
    const root = roots.get(rootKey!);
    if (!root) return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(join(root, ...rest.map(decodeURIComponent))));
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/** Opens the index under `root` as the page would, with every shard loaded. */
export async function openDiskSearch(root: string): Promise<{ search(query: string, options?: SearchOptions): Promise<SearchAnswer> }> {
  installFetchShim();
  const rootKey = `r${roots.size}`;
  roots.set(rootKey, root);
  return createSearchClient({
    baseUrl: `${DISK_ORIGIN}${rootKey}/`,
    manifest: readManifest(root),
    loadAllShards: true,
    // A fresh module per client: pagefind.js keeps its loaded index in module state.
    importPagefind: async (url) => {
      const file = join(root, new URL(url).pathname.split('/').slice(2).join('/'));
      return (await import(`${pathToFileURL(file).href}?client=${++clients}`)) as PagefindApi;
    },
  });
}
