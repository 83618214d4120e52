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
/** Called with each file a search reads, for the benchmark's transfer count. */
let fetchListener: ((file: string, bytes: Uint8Array) => void) | undefined;
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
      const file = join(root, ...rest.map(decodeURIComponent));
      const bytes = await readFile(file);
      fetchListener?.(file, bytes);
      return new Response(bytes);
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

export interface DiskSearchOptions {
  /** Load every shard up front (default), or only as many as the browser would for a first query. */
  loadAllShards?: boolean;
  /** As in the browser client: notes loaded per step when not loading all shards. */
  batchNotes?: number;
  onFetch?: (file: string, bytes: Uint8Array) => void;
}

/** Opens the index under `root` with the page's search code. */
export async function openDiskSearch(
  root: string,
  options: DiskSearchOptions = {},
): Promise<{ search(query: string, options?: SearchOptions): Promise<SearchAnswer> }> {
  fetchListener = options.onFetch;
  installFetchShim();
  const rootKey = `r${roots.size}`;
  roots.set(rootKey, root);
  return createSearchClient({
    baseUrl: `${DISK_ORIGIN}${rootKey}/`,
    manifest: readManifest(root),
    loadAllShards: options.loadAllShards ?? true,
    batchNotes: options.batchNotes,
    // A fresh module per client: pagefind.js keeps its loaded index in module state.
    importPagefind: async (url) => {
      const file = join(root, new URL(url).pathname.split('/').slice(2).join('/'));
      fetchListener?.(file, await readFile(file));
      return (await import(`${pathToFileURL(file).href}?client=${++clients}`)) as PagefindApi;
    },
  });
}
