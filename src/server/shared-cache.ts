/**
 * Headers that let a CDN or proxy keep anonymous pages (docs/decisions/1702-cdn-cache-headers.md):
 * a strong ETag per representation, `If-None-Match` answered with 304, and a short shared-cache
 * lifetime. Only for pages served from the anonymous page cache, which never holds a response to a
 * request with a session cookie nor one that sets a cookie.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendBuffered, varyOnEncoding, type BufferedResponse } from './buffered-response.ts';
import { chooseEncoding, isCompressible, type Effort } from './compression.ts';

/**
 * Browsers revalidate every time (max-age=0: a member who just signed out sees the site as it is);
 * shared caches serve a page for 30 s and, while refreshing it, the old copy for 5 min more.
 */
export const SHARED_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=300';

/** The content hash behind a page's ETags (160 bits of SHA-1, base64url). */
export function contentTag(body: Buffer): string {
  return createHash('sha1').update(body).digest('base64url');
}

/**
 * The strong ETag of the representation this request gets: a compressed body is a different
 * representation, so it carries its own tag (RFC 9110 §8.8.3), e.g. `"abc…-br"`.
 */
function entityTag(tag: string, req: IncomingMessage, headers: OutgoingHttpHeaders, size: number): string {
  const encoding = isCompressible(String(headers['content-type'] ?? ''), size) ? chooseEncoding(req.headers['accept-encoding']) : null;
  return `"${tag}${encoding ? `-${encoding}` : ''}"`;
}

/**
 * Whether `If-None-Match` names this content, in any encoding: the body behind them is the same
 * bytes (weak comparison, which RFC 9110 §13.1.2 prescribes for If-None-Match).
 */
export function matchesIfNoneMatch(req: IncomingMessage, tag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some(
    (candidate) =>
      candidate
        .trim()
        .replace(/^W\//, '')
        .replace(/^"|"$/g, '')
        .replace(/-(br|gzip)$/, '') === tag,
  );
}

/**
 * Sends a page from the anonymous page cache with its ETag and shared-cache lifetime, or 304 when
 * the client (or CDN) already holds it. Returns the bytes of a compressed variant made on the way
 * (at `effort`: `often` for list pages, which writes and age replace often).
 */
export function sendCachedPage(
  req: IncomingMessage,
  res: ServerResponse,
  page: BufferedResponse,
  outcome: 'hit' | 'miss',
  effort: Effort = 'once',
): number {
  // The page cache refuses responses that set cookies; this keeps that promise if it ever changes.
  if (page.headers['set-cookie']) return sendBuffered(req, res, page, effort, { 'x-cache': outcome });
  page.etag ??= contentTag(page.body); // the cached object keeps it: hashed once per page version
  const size = page.body.length;
  const headers: OutgoingHttpHeaders = {
    etag: entityTag(page.etag, req, page.headers, size),
    'cache-control': SHARED_CACHE_CONTROL,
    // Even on a page too small to compress: the same address may pass the threshold tomorrow (a
    // feed grows), and a shared cache should key every page the same way.
    vary: varyOnEncoding(page.headers.vary),
    'x-cache': outcome,
  };
  if (!matchesIfNoneMatch(req, page.etag)) return sendBuffered(req, res, page, effort, headers);
  // 304 carries what the 200 would have said about caching (RFC 9110 §15.4.5), and no body.
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(304);
  res.end();
  return 0;
}
