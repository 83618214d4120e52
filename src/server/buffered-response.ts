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
