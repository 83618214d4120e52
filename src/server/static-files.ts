/**
 * Serves the built client files (dist/client: /_astro/* bundles, fonts, favicon, prerendered pages,
 * search index files) from memory. File names are listed once at start (a build never changes
 * under a running server); contents are read on first use into a byte-bounded cache, with their
 * compressed variants. Hashed /_astro/* files are immutable for a year.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { sendBuffered, type BufferedResponse } from './buffered-response.ts';
import { decodePath } from '~/lib/server/web/request-headers.ts';
import { staticFiles } from '~/lib/server/caches.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=3600';
/** The service worker and the manifest are checked on every load, so a deploy reaches phones at once. */
const REVALIDATE = 'no-cache';
const ALWAYS_REVALIDATED = new Set(['/sw.js', '/manifest.webmanifest']);
const MAX_CACHED_FILE_BYTES = 2 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

function listFiles(root: string, prefix = ''): string[] {
  let names: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = `${prefix}/${entry.name}`;
    if (entry.name.startsWith('.') && entry.name !== '.well-known') continue;
    if (entry.isDirectory()) names = names.concat(listFiles(root, path));
    else if (entry.isFile()) names.push(path);
  }
  return names;
}

export interface StaticFiles {
  /** True when `pathname` names a built file. */
  has(pathname: string): boolean;
  /** Serves the file for `pathname` and returns true, or returns false when there is none. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export function createStaticFiles(root: string): StaticFiles {
  const files = new Set(listFiles(root));

  function resolve(pathname: string): string | undefined {
    const decoded = decodePath(pathname);
    if (decoded === undefined) return undefined;
    if (files.has(decoded)) return decoded;
    const index = `${decoded.replace(/\/$/, '')}/index.html`;
    return files.has(index) ? index : undefined;
  }

  function load(file: string): BufferedResponse {
    const body = readFileSync(join(root, ...file.split('/')));
    const etag = `"${statSync(join(root, ...file.split('/'))).mtimeMs.toString(36)}-${body.length.toString(36)}"`;
    return {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': file.startsWith('/_astro/') ? IMMUTABLE : ALWAYS_REVALIDATED.has(file) ? REVALIDATE : SHORT,
        etag,
        'x-content-type-options': 'nosniff',
      },
      body,
      variants: {},
    };
  }

  return {
    has: (pathname) => resolve(pathname) !== undefined,
    serve(req, res, pathname) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const file = resolve(pathname);
      if (!file) return false; // only names listed at start: no path can escape the root
      let response = staticFiles.get(file);
      if (!response) {
        response = load(file);
        if (response.body.length <= MAX_CACHED_FILE_BYTES) staticFiles.set(file, response);
      }
      if (req.headers['if-none-match'] === response.headers.etag) {
        res.writeHead(304, { etag: response.headers.etag, 'cache-control': response.headers['cache-control'] });
        res.end();
        return true;
      }
      // A new compressed variant counts towards the cache's bytes.
      // (lru-cache recounts a size only when the value changes, hence the new wrapper object.)
      if (sendBuffered(req, res, response, 'once') > 0 && staticFiles.has(file)) staticFiles.set(file, { ...response });
      return true;
    },
  };
}
