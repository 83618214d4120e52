/**
 * Serves the index directory over HTTP. The index is written at run time, so it cannot live in
 * dist/client; this is the static-file part of a CDN in a few lines: content types, gzip for
 * JS/JSON (Pagefind's own index files are gzip-compressed already), immutable caching for
 * bundles (named by their content), and for the manifest, the one file that changes, revalidation
 * by ETag on every use (a CDN keeps it and asks; 304 when it is unchanged).
 */
import { statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emptyManifest, MANIFEST_FILE } from '../../search/manifest.ts';
import { readManifest, resolveSearchIndexDir } from './store.ts';
import { searchIndexGzip, searchManifestBundles } from '../caches.ts';

const CONTENT_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8' };
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Bundle directories the current manifest names, re-read when manifest.json changes (one stat per
 * request). NOTE: a bundle that left the manifest may hold text taken out of the index (hidden,
 * deleted, edited): it stays on disk for readers of the index files in this process (npm run
 * search) but is never served again; a page holding an older manifest gets a 404 and the search
 * worker reopens the index with the current one. See docs/decisions/0003-search-index.md.
 */
function bundlesInManifest(root: string): Set<string> {
  const stats = statSync(join(root, MANIFEST_FILE), { throwIfNoEntry: false });
  const stamp = stats ? `${stats.mtimeMs}:${stats.size}:${stats.ino}` : '';
  const key = `${root}\n${stamp}`;
  let bundles = searchManifestBundles.get(key);
  if (!bundles) {
    const manifest = stats ? readManifest(root) : emptyManifest();
    bundles = new Set(
      [...manifest.shards.map((shard) => shard.dir), manifest.recent, manifest.assets].filter((dir): dir is string => !!dir),
    );
    searchManifestBundles.set(key, bundles);
  }
  return bundles;
}

/** The response for GET /search-index/<path>: 404 for anything outside the index, missing, or in no bundle of the current manifest. */
export async function serveSearchIndexFile(
  path: string,
  acceptEncoding: string | null,
  ifNoneMatch: string | null = null,
): Promise<Response> {
  const root = resolveSearchIndexDir();
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep) || path.split('/').some((part) => part.startsWith('.') || part.endsWith('.tmp')))
    return new Response(null, { status: 404 });
  const isManifest = path === MANIFEST_FILE;
  if (!isManifest && !bundlesInManifest(root).has(path.split('/').slice(0, 2).join('/'))) return new Response(null, { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    // A new site's first index is still being built: until then it is an empty one, not an error.
    if (isManifest) body = Buffer.from(JSON.stringify(emptyManifest()));
    else return new Response(null, { status: 404 });
  }
  const extension = file.slice(file.lastIndexOf('.') + 1);
  const gzip = !!CONTENT_TYPES[extension] && /\bgzip\b/.test(acceptEncoding ?? '');
  const tag = isManifest ? createHash('sha1').update(body).digest('base64url') : null;
  const etag = tag && `"${tag}${gzip ? '-gzip' : ''}"`;
  if (
    tag &&
    ifNoneMatch?.split(',').some(
      (candidate) =>
        candidate
          .trim()
          .replace(/^W\//, '')
          .replace(/^"|"$/g, '')
          .replace(/-gzip$/, '') === tag,
    )
  ) {
    return new Response(null, { status: 304, headers: { ETag: etag!, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' } });
  }
  const headers = new Headers({
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': isManifest ? 'no-cache' : IMMUTABLE,
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  });
  if (etag) headers.set('ETag', etag);
  if (gzip) {
    // Bundle files never change once written; the manifest is compressed each time.
    let compressed = isManifest ? undefined : searchIndexGzip.get(file);
    if (!compressed) {
      compressed = gzipSync(body);
      if (!isManifest) searchIndexGzip.set(file, compressed);
    }
    body = compressed;
    headers.set('Content-Encoding', 'gzip');
  }
  return new Response(new Uint8Array(body), { status: 200, headers });
}
