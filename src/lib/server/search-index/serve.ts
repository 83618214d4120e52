/**
 * Serves the index directory over HTTP. The index is written at run time, so it cannot live in
 * dist/client; this is the static-file part of a CDN in a few lines: content types, gzip for
 * JS/JSON (Pagefind's own index files are gzip-compressed already), immutable caching for
 * bundles (named by their content), and for the manifest, the one file that changes, revalidation
 * by ETag on every use (a CDN keeps it and asks; 304 when it is unchanged).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emptyManifest, MANIFEST_FILE } from '../../search/manifest.ts';
import { resolveSearchIndexDir } from './store.ts';
import { searchIndexGzip } from '../caches.ts';

const CONTENT_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8' };
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The response for GET /search-index/<path>: 404 for anything outside the index or missing. */
export async function serveSearchIndexFile(path: string, acceptEncoding: string | null, ifNoneMatch: string | null = null): Promise<Response> {
  const root = resolveSearchIndexDir();
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep) || path.split('/').some((part) => part.startsWith('.') || part.endsWith('.tmp'))) return new Response(null, { status: 404 });
  const isManifest = path === MANIFEST_FILE;
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
  if (tag && ifNoneMatch?.split(',').some((candidate) => candidate.trim().replace(/^W\//, '').replace(/^"|"$/g, '').replace(/-gzip$/, '') === tag)) {
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
