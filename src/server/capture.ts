/**
 * Runs a Node request handler (Astro's) but keeps what it writes instead of sending it, so the
 * page can be compressed whole and, when allowed, cached. Responses that are not worth buffering
 * (downloads, anything not compressible) are let through as a stream the moment their head is written.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BufferedResponse } from './buffered-response.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Resolves with the buffered response, or null when it was streamed straight to the client. */
export function captureResponse(handler: NodeHandler, req: IncomingMessage, res: ServerResponse, shouldBuffer: (headers: OutgoingHttpHeaders) => boolean): Promise<BufferedResponse | null> {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const restore = () => Object.assign(res, original);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: OutgoingHttpHeaders = {};
    const toBuffer = (chunk: unknown, encoding?: unknown) =>
      Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding) : Buffer.from(chunk as Uint8Array);

    res.writeHead = function writeHead(this: ServerResponse, code: number, ...rest: unknown[]) {
      const given = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | undefined;
      const merged = { ...res.getHeaders(), ...lowerCaseKeys(given ?? {}) };
      if (!shouldBuffer(merged)) {
        restore();
        resolve(null);
        return original.writeHead.call(res, code, ...(rest as [])) as ServerResponse;
      }
      status = code;
      headers = merged;
      return res;
    } as ServerResponse['writeHead'];

    res.write = function write(chunk: unknown, encoding?: unknown, callback?: unknown) {
      const cb = typeof encoding === 'function' ? encoding : callback;
      chunks.push(toBuffer(chunk, encoding));
      if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
      return true;
    } as ServerResponse['write'];

    res.end = function end(chunk?: unknown, encoding?: unknown) {
      if (chunk != null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
      restore();
      if (status === 0) {
        status = res.statusCode;
        headers = { ...res.getHeaders() };
      }
      for (const name of Object.keys(res.getHeaders())) res.removeHeader(name);
      resolve({ status, headers, body: Buffer.concat(chunks), variants: {} });
      return res;
    } as ServerResponse['end'];

    Promise.resolve(handler(req, res)).catch((error) => {
      restore();
      reject(error);
    });
  });
}

function lowerCaseKeys(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}
