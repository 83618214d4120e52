/**
 * A whole response held in memory (a rendered page, a cached page, a static file) and the one
 * function that writes it: picks an encoding, compresses once per variant, sets Vary and length.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { chooseEncoding, compress, isCompressible, type Effort, type Encoding } from './compression.ts';

export interface BufferedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Compressed bodies made so far, kept when the response itself is kept (cache, statics). */
  variants: Partial<Record<Encoding, Buffer>>;
  /** Content hash for the ETag of a cached anonymous page (see shared-cache.ts), made on first use. */
  etag?: string;
}

/** `vary` with Accept-Encoding added once (a header that already names it is kept as it is). */
export function varyOnEncoding(vary: OutgoingHttpHeaders[string]): string {
  const names = vary === undefined ? '' : String(vary);
  if (/(^|,)\s*accept-encoding\s*(,|$)/i.test(names)) return names;
  return names ? `${names}, Accept-Encoding` : 'Accept-Encoding';
}

/** Writes `response`; returns the bytes added to `variants` (so a cache can count them). */
export function sendBuffered(
  req: IncomingMessage,
  res: ServerResponse,
  response: BufferedResponse,
  effort: Effort,
  extraHeaders: OutgoingHttpHeaders = {},
): number {
  const headers: OutgoingHttpHeaders = { ...response.headers, ...extraHeaders };
  let body = response.body;
  let added = 0;
  const contentType = String(headers['content-type'] ?? '');
  if (!headers['content-encoding'] && isCompressible(contentType, body.length)) {
    headers.vary = varyOnEncoding(headers.vary);
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    if (encoding) {
      let variant = response.variants[encoding];
      if (!variant) {
        variant = compress(body, encoding, effort);
        response.variants[encoding] = variant;
        added = variant.length;
      }
      body = variant;
      headers['content-encoding'] = encoding;
    }
  }
  delete headers['transfer-encoding'];
  headers['content-length'] = body.length;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(response.status);
  res.end(req.method === 'HEAD' ? undefined : body);
  return added;
}

/** A response made of pieces (the signed-in note page: shared parts and cached comment bytes). */
export interface PiecewiseResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  pieces: Buffer[];
}

/**
 * Writes `response`: compressed like sendBuffered when the client accepts it (the pieces joined
 * first), otherwise the pieces as they are, corked into one writev with the headers. Joining ~120 KB
 * of pieces per signed-in view was 5% of its CPU (decision 2701).
 */
export function sendPieces(
  req: IncomingMessage,
  res: ServerResponse,
  response: PiecewiseResponse,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const length = response.pieces.reduce((sum, piece) => sum + piece.length, 0);
  const compressible = !response.headers['content-encoding'] && isCompressible(String(response.headers['content-type'] ?? ''), length);
  if (compressible && chooseEncoding(req.headers['accept-encoding'])) {
    const body = Buffer.concat(response.pieces, length);
    sendBuffered(req, res, { status: response.status, headers: response.headers, body, variants: {} }, 'fast', extraHeaders);
    return;
  }
  const headers: OutgoingHttpHeaders = { ...response.headers, ...extraHeaders };
  if (compressible) headers.vary = varyOnEncoding(headers.vary);
  delete headers['transfer-encoding'];
  headers['content-length'] = length;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(response.status);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.cork();
  for (const piece of response.pieces) res.write(piece);
  res.end(); // uncorks: headers and every piece leave in one writev
}
