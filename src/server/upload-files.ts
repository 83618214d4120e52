/**
 * Serves uploaded photos and documents (/uploads/<id>-…) straight from the uploads folder, beside
 * the built files and never through Astro: one indexed lookup says which upload a file belongs to
 * and whether a moderator hid everything that shows it. Names are random and contents never change,
 * so responses are immutable for a year; Range requests are answered for large documents.
 * Uploaded content is untrusted: `nosniff`, a sandboxing CSP, and documents always download.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { can } from '~/lib/server/permissions.ts';
import { validateSessionToken } from '~/lib/server/session.ts';
import { nameForType } from '~/lib/server/upload/names.ts';
import { findServableUpload, type ServableUpload } from '~/lib/server/upload/refs.ts';
import { UPLOADS_PATH } from '~/lib/upload-urls.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Nothing in an uploaded file may run, load anything, or be framed as a page of ours. */
const UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const STORED_NAME = /^([0-9a-f]{32})-[0-9x-]{1,40}\.(jpg|webp|pdf|docx|xlsx|pptx|odt|ods|odp|txt|csv)$/;
const RANGE = /^bytes=(\d*)-(\d*)$/;

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end('ไม่พบไฟล์นี้ อาจถูกลบไปแล้วหรือที่อยู่ไม่ถูกต้อง');
}

/** The stored type of one file of an upload (its WebP variants are images of their own type). */
function contentTypeOf(upload: ServableUpload, fileName: string): string {
  if (fileName.endsWith('.webp')) return 'image/webp';
  return upload.contentType;
}

/**
 * `attachment` with the member's file name (RFC 6266: an ASCII fallback plus the UTF-8 name), its
 * extension always that of the stored file, which is what the bytes are (names stored before that
 * rule, such as "report.hta" holding a PDF, are corrected here).
 */
function disposition(upload: ServableUpload, ext: string): string {
  if (upload.kind === 'image') return 'inline';
  const name = nameForType(upload.name, ext, 'เอกสาร');
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Whether this signed-in request belongs to the owner or a moderator (for files of hidden content). */
function mayReadWithheld(token: string | undefined, upload: ServableUpload): boolean {
  const session = token ? validateSessionToken(token) : null;
  return !!session && can(session.user, 'upload:read-withheld', { authorId: upload.ownerId });
}

/** One byte range from a Range header, null for none/several (answered whole), 'bad' when unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const match = RANGE.exec(header.trim());
  if (!match) return null; // several ranges or another unit: the whole file is a valid answer
  const [, from, to] = match;
  if (from === '' && to === '') return 'bad';
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  return start > end || start >= size ? 'bad' : { start, end };
}

/**
 * Answers a request under /uploads/ and returns true; returns false for any other path.
 * `root` is the uploads folder.
 */
export function serveUpload(req: IncomingMessage, res: ServerResponse, pathname: string, root: string, token: string | undefined): boolean {
  if (!pathname.startsWith(UPLOADS_PATH)) return false;
  const fileName = pathname.slice(UPLOADS_PATH.length);
  const match = STORED_NAME.exec(fileName);
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !match) {
    notFound(res);
    return true;
  }
  const upload = findServableUpload(match[1]!, fileName);
  let stats: Stats | undefined;
  try {
    stats = upload && statSync(join(root, fileName));
  } catch {
    stats = undefined;
  }
  if (!upload || !stats?.isFile()) {
    notFound(res);
    return true;
  }
  // Hidden by a moderator: gone for readers, still there for its owner and the moderators.
  if (upload.withheld && !mayReadWithheld(token, upload)) {
    notFound(res);
    return true;
  }
  const etag = `"${fileName}"`;
  const headers: Record<string, string | number> = {
    'content-type': contentTypeOf(upload, fileName),
    'cache-control': upload.withheld ? 'private, no-store' : IMMUTABLE,
    etag,
    'last-modified': stats.mtime.toUTCString(),
    'accept-ranges': 'bytes',
    'content-disposition': disposition(upload, match[2]!),
    'x-content-type-options': 'nosniff',
    'content-security-policy': UPLOAD_CSP,
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-site',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': String(headers['cache-control']) });
    res.end();
    return true;
  }
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, stats.size);
  if (range === 'bad') {
    res.writeHead(416, { 'content-range': `bytes */${stats.size}`, 'content-type': 'text/plain; charset=utf-8' });
    res.end();
    return true;
  }
  const { start, end } = range ?? { start: 0, end: stats.size - 1 };
  headers['content-length'] = end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${stats.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || stats.size === 0) {
    res.end();
    return true;
  }
  const stream = createReadStream(join(root, fileName), { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
  return true;
}
