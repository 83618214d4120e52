/**
 * The HTTP server of one process: /healthz, built client files from memory, the anonymous
 * note-page cache, then Astro for everything else, with compression and one log line per request.
 * SIGTERM/SIGINT stop accepting connections, let requests in flight finish, then exit.
 */
import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { stripUntrustedForwardedHeaders } from '../../../src/lib/server/request-guard.ts';
import { securityHeaderEntries } from '../../../src/lib/server/security-headers.ts';
import { SESSION_COOKIE_NAME } from '../../../src/lib/server/session.ts';
import { attachBody, bodyLimitFor, hasBody, readBoundedBody } from '../../../src/lib/server/web/body-reader.ts';
import { renderStatusPage } from '../../../src/lib/server/status-page.ts';
import { sendBuffered } from './buffered-response.ts';
import { captureResponse, type NodeHandler } from './capture.ts';
import { isCompressible } from './compression.ts';
import { checkHealth, sendHealth } from './health.ts';
import { CACHE_OPT_IN_HEADER, PageCache } from './page-cache.ts';
import { logRequestWhenDone, logRequests, type CacheOutcome } from './request-log.ts';
import { renderSignedInNote, sessionToken } from './signed-in-note.ts';
import { createStaticFiles } from './static-files.ts';

/** How long requests in flight may take to finish after SIGTERM before connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;
const BUSY_TIMEOUT_MS = 5_000;

export interface ServeOptions {
  host: string;
  port: number;
  entryPath: string;
  clientDir: string;
  databasePath: string;
}

/** For the log line: forwarded headers are already gone unless the proxy is trusted. */
function clientIp(req: IncomingMessage): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim();
  return forwarded || (req.socket.remoteAddress ?? 'unknown');
}

/** Buffer what is worth compressing (pages, JSON); stream the rest (downloads, images). */
function worthBuffering(headers: OutgoingHttpHeaders): boolean {
  return !headers['content-encoding'] && isCompressible(String(headers['content-type'] ?? ''), Infinity) && !String(headers['content-type']).includes('event-stream');
}

/** How long a refused body may keep arriving (and be thrown away) after the 413 is sent. */
const REFUSED_BODY_LINGER_MS = 2_000;
const TOO_LARGE = 'ข้อมูลที่ส่งมีขนาดใหญ่เกินไป กรุณาส่งให้สั้นลง';

/** 413 and a closed connection: the rest of the body is never read. */
async function refuseBody(req: IncomingMessage, res: ServerResponse, pathname: string, reason: 'too-large' | 'aborted'): Promise<void> {
  if (reason === 'aborted') {
    res.destroy();
    return;
  }
  const page = pathname.startsWith('/api/')
    ? { type: 'application/json; charset=utf-8', body: JSON.stringify({ error: TOO_LARGE }) }
    : { type: 'text/html; charset=utf-8', body: await renderStatusPage(413, TOO_LARGE).text() };
  // NOTE: closing at once, with the client still sending, makes its kernel reset the connection
  // and drop our 413 unread. So: send the answer, half-close, discard what still arrives (never
  // kept) for at most REFUSED_BODY_LINGER_MS, then close.
  const socket = res.socket;
  if (socket) {
    socket.destroySoon = () => {
      socket.end();
      req.resume(); // read and drop, so the client is not stuck on a full window
      setTimeout(() => socket.destroy(), REFUSED_BODY_LINGER_MS).unref();
    };
  }
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'content-type': page.type, 'cache-control': 'no-store', connection: 'close' });
  res.end(page.body);
}

/** Starts listening; resolves with the server once it accepts connections. */
export async function serve(options: ServeOptions): Promise<Server> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler: astro } = (await import(pathToFileURL(options.entryPath).href)) as { handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  const astroHandler: NodeHandler = (req, res) => astro(req, res);
  const db = new Database(options.databasePath, { fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const staticFiles = createStaticFiles(options.clientDir);
  const pageCache = new PageCache(db, SESSION_COOKIE_NAME);
  const logging = logRequests();
  const securityHeaders = securityHeaderEntries();
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    let cache: CacheOutcome = 'none';
    stripUntrustedForwardedHeaders(req.headers, req.socket.remoteAddress); // before anything (Astro included) reads them
    if (logging) logRequestWhenDone(req, res, { path: pathname, ip: clientIp(req), cache: () => cache });
    if (closing) res.setHeader('connection', 'close');
    if (pathname === '/healthz') return sendHealth(res, checkHealth(db));
    // Static files never reach Astro's middleware; they get the same security headers here.
    if (staticFiles.has(pathname)) for (const [name, value] of securityHeaders) res.setHeader(name, value);
    if (staticFiles.serve(req, res, pathname)) {
      cache = 'static';
      return;
    }
    // A signed-in member reading a note: the cached shared page with the personal slots filled in.
    if (req.method === 'GET' && search === '' && sessionToken(req)) {
      const shared = pageCache.sharedNotePage(pathname);
      const page = shared && renderSignedInNote(req, pathname, shared);
      if (page) {
        cache = 'shared';
        sendBuffered(req, res, page, 'fast', { 'x-cache': 'shared' });
        return;
      }
    }
    if (hasBody(req)) {
      const read = await readBoundedBody(req, bodyLimitFor(pathname));
      if (!read.ok) {
        for (const [name, value] of securityHeaders) res.setHeader(name, value); // Astro's middleware never sees it
        return refuseBody(req, res, pathname, read.reason);
      }
      attachBody(req, read.body);
    }
    const lookup = pageCache.lookup(req, pathname, search);
    if (lookup?.hit) {
      cache = 'hit';
      pageCache.grow(lookup.key, sendBuffered(req, res, lookup.hit, 'once', { 'x-cache': 'hit' }));
      return;
    }
    const rendered = await captureResponse(astroHandler, req, res, worthBuffering);
    if (!rendered) return;
    const stored = lookup ? pageCache.store(lookup.key, rendered) : false;
    delete rendered.headers[CACHE_OPT_IN_HEADER];
    if (stored) {
      cache = 'miss';
      pageCache.grow(lookup!.key, sendBuffered(req, res, rendered, 'once', { 'x-cache': 'miss' }));
    } else {
      sendBuffered(req, res, rendered, 'fast');
    }
  }

  const server = createServer((req, res) => {
    // After SIGTERM a keep-alive connection is closed as soon as its last response is out.
    res.once('finish', () => closing && setImmediate(() => server.closeIdleConnections()));
    handle(req, res).catch((error) => {
      console.error(JSON.stringify({ level: 'error', msg: 'request failed', path: (req.url ?? '').split('?')[0], error: error instanceof Error ? error.stack : String(error) }));
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง');
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error(JSON.stringify({ level: 'warn', msg: 'shutdown grace period over; closing connections', pid: process.pid }));
      server.closeAllConnections();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
