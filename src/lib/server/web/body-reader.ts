/**
 * The one place request bodies are read from the socket, chunked or not. Each route has a byte
 * limit; a body that declares more is refused before a byte is read, and a chunked body is read
 * only up to the limit. Beyond it the caller answers 413 and closes the connection: the excess is
 * never buffered, it stays in the kernel until the socket goes away.
 */
import type { IncomingMessage } from 'node:http';

const KB = 1024;
const MB = 1024 * KB;

/** Routes that take Markdown (a note is at most 200 KB; JSON escaping and AAR fields add to it). */
const CONTENT_BODY_LIMIT = 1 * MB;
/** Everything else: sign-in, reports, follow buttons, settings, beacons. */
const SMALL_BODY_LIMIT = 64 * KB;
/** POST /api/uploads and /settings/avatar: a file of at most 20 MB plus room for the multipart boundaries, headers and alt text. */
export const UPLOAD_FILE_LIMIT = 20 * MB;
export const UPLOAD_BODY_LIMIT = UPLOAD_FILE_LIMIT + 64 * KB;
export const UPLOAD_TOO_LARGE = `ไฟล์ใหญ่เกิน ${UPLOAD_FILE_LIMIT / MB} MB กรุณาย่อขนาดหรือแบ่งไฟล์ก่อนอัปโหลด`;
/** The 413 message of every other route. */
const BODY_TOO_LARGE = 'ข้อมูลที่ส่งมีขนาดใหญ่เกินไป กรุณาส่งให้สั้นลง';

const CONTENT_ROUTES = [
  /^\/api\/(?:notes|drafts|aar|preview|comments|communities)(?:\/|$)/,
  /^\/notes\/(?:new|\d+\/edit)$/,
  /^\/aar\/(?:new|\d+\/edit)$/,
  /^\/communities\/new$/,
  /^\/settings$/,
  /^\/moderation$/,
];

/** Routes that take one uploaded file: the upload API and the profile photo form. */
const UPLOAD_ROUTES = new Set(['/api/uploads', '/settings/avatar']);
/** A community's cover, with and without JavaScript (the slug varies). */
const COVER_ROUTE = /^\/(?:api\/)?communities\/[^/]+\/cover$/;

/** Whether the route at `pathname` takes an uploaded file (up to UPLOAD_BODY_LIMIT, read by its own multipart reader). */
export function isUploadRoute(pathname: string): boolean {
  return UPLOAD_ROUTES.has(pathname) || COVER_ROUTE.test(pathname);
}

/** The largest body the route at `pathname` accepts. */
export function bodyLimitFor(pathname: string): number {
  if (isUploadRoute(pathname)) return UPLOAD_BODY_LIMIT;
  return CONTENT_ROUTES.some((route) => route.test(pathname)) ? CONTENT_BODY_LIMIT : SMALL_BODY_LIMIT;
}

/** What a 413 says on the route at `pathname`. */
export function tooLargeMessage(pathname: string): string {
  return isUploadRoute(pathname) ? UPLOAD_TOO_LARGE : BODY_TOO_LARGE;
}

/** Whether a request carries a body to read (GET and HEAD never do for us). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? '0') > 0;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads the whole body of `req` if it is at most `limit` bytes. On too-large the stream is paused
 * and left unread (answer 413 with `Connection: close`); on a client abort the result says so.
 */
export function readBoundedBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && !(Number(declared) <= limit)) {
    req.pause();
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        chunks.length = 0;
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData).once('end', onEnd).once('error', onError).once('aborted', onError);
  });
}

/**
 * Hands an already-read body to Astro's Node adapter: it takes `req.body` when it is an async
 * iterable with no own enumerable keys (anything else it would JSON-encode or read from the socket).
 */
export function attachBody(req: IncomingMessage, body: Buffer): void {
  const iterable = {
    async *[Symbol.asyncIterator]() {
      if (body.length > 0) yield body;
    },
  };
  (req as IncomingMessage & { body?: unknown }).body = iterable;
}
