/**
 * The HTTP server of one process: /healthz, built client files from memory, anonymous view
 * beacons, the anonymous note-page cache, then Astro for everything else, with compression and one log line per request.
 * SIGTERM/SIGINT stop accepting connections, let requests in flight finish, then exit.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { NodeApp } from 'astro/app/node';
import { closeDb, getDb } from '~db/client.ts';
import { stripUntrustedForwardedHeaders } from '~/lib/server/web/request-guard.ts';
import { clientAddress } from '~/lib/server/web/request-headers.ts';
import { securityHeaderEntries } from '~/lib/server/security-headers.ts';
import { attachBody, bodyLimitFor, hasBody, readBoundedBody, tooLargeMessage } from '~/lib/server/web/body-reader.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';
import { sendBuffered, sendPieces, type BufferedResponse } from './buffered-response.ts';
import { SHUTDOWN_GRACE_MS } from './cluster.ts';
import { stopGracefullyOnSignals } from './graceful-stop.ts';
import { isCompressible } from './compression.ts';
import { checkHealth, mayReadHealthDetails, sendHealth } from './health.ts';
import {
  CACHE_OPT_IN_HEADER,
  afterRenderUnderWay,
  anonymousNoteKey,
  effortFor,
  lookupPage,
  recountPage,
  sharedNotePage,
  startRender,
  storePage,
  type SharedNotePage,
} from './page-cache.ts';
import { sendCachedPage } from './shared-cache.ts';
import { logRequestWhenDone, logRequests, type CacheOutcome } from './request-log.ts';
import { renderSignedInNote } from './signed-in-note.ts';
import { sessionToken } from './session-token.ts';
import { notePageId } from '~/lib/paths.ts';
import { createStaticFiles } from './static-files.ts';
import { serveUpload } from './upload-files.ts';
import { serveAnonymousViewBeacon } from './view-beacon.ts';
import { resolveUploadsDir } from '~/lib/server/data-dir.ts';

export interface ServeOptions {
  host: string;
  port: number;
  clientDir: string;
}

/** Buffer what is worth compressing (pages, JSON); stream the rest (downloads, images). */
function worthBuffering(headers: OutgoingHttpHeaders): boolean {
  return (
    !headers['content-encoding'] &&
    isCompressible(String(headers['content-type'] ?? ''), Infinity) &&
    !String(headers['content-type']).includes('event-stream')
  );
}

/** The headers of a rendered page as Node writes them (lower-case names; Set-Cookie kept apart). */
function nodeHeaders(response: Response): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}

/** The whole of a rendered page, when it is worth compressing (and maybe caching); null for anything else, left unread. */
async function bufferedPage(response: Response): Promise<BufferedResponse | null> {
  const headers = nodeHeaders(response);
  if (!worthBuffering(headers)) return null;
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()), variants: {} };
}

/** What one request has cost so far; logged with it. */
interface RequestWork {
  /** The session cookie as parsed once for this request (undefined: none). */
  token: string | undefined;
  /** How many times Astro rendered for it: 1 at most, except a signed-in note read that fills the cache. */
  renders: number;
}

/**
 * Renders the request with Astro. A page worth compressing comes back whole (to compress and maybe
 * cache); anything else (downloads, images, event streams) is written straight through: null.
 */
async function renderWithAstro(
  app: NodeApp,
  req: IncomingMessage,
  res: ServerResponse,
  work: RequestWork,
): Promise<BufferedResponse | null> {
  const request = NodeApp.createRequest(req, { allowedDomains: app.getAllowedDomains?.() ?? [] });
  work.renders += 1;
  const response = await app.render(request, { addCookieHeader: true, locals: { sessionToken: work.token } });
  const page = await bufferedPage(response);
  if (!page) await NodeApp.writeResponse(response, res);
  return page;
}

/**
 * Renders the page at `req`'s address as a signed-out reader sees it: the same request without its
 * cookies and credentials. Null when the answer is not a page worth keeping.
 */
async function renderAnonymously(app: NodeApp, req: IncomingMessage, work: RequestWork): Promise<BufferedResponse | null> {
  const signedIn = NodeApp.createRequest(req, { allowedDomains: app.getAllowedDomains?.() ?? [] });
  const headers = new Headers(signedIn.headers);
  headers.delete('cookie');
  headers.delete('authorization');
  work.renders += 1;
  const response = await app.render(new Request(signedIn.url, { method: 'GET', headers }), {
    addCookieHeader: true,
    locals: { sessionToken: undefined },
  });
  const page = await bufferedPage(response);
  if (!page) await response.body?.cancel();
  return page;
}

/** How long a refused body may keep arriving (and be thrown away) after the 413 is sent. */
const REFUSED_BODY_LINGER_MS = 2_000;

/** 413 and a closed connection: the rest of the body is never read. */
async function refuseBody(req: IncomingMessage, res: ServerResponse, pathname: string, reason: 'too-large' | 'aborted'): Promise<void> {
  if (reason === 'aborted') {
    res.destroy();
    return;
  }
  const message = tooLargeMessage(pathname);
  const page = pathname.startsWith('/api/')
    ? { type: 'application/json; charset=utf-8', body: JSON.stringify({ error: message }) }
    : { type: 'text/html; charset=utf-8', body: await renderStatusPage(413, message).text() };
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

/** Starts listening with `app` (Astro's pages); resolves with the server once it accepts connections. */
export async function serve(app: NodeApp, options: ServeOptions): Promise<Server> {
  // The one connection of this process: pages, the page cache and /healthz share it.
  const db = getDb().$client;
  const staticFiles = createStaticFiles(options.clientDir);
  const uploadsDir = resolveUploadsDir();
  const logging = logRequests();
  const securityHeaders = securityHeaderEntries();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    let cache: CacheOutcome = 'none';
    const work: RequestWork = { token: sessionToken(req), renders: 0 };
    // Before the forwarding headers are reduced: a request a proxy forwarded is never "from loopback".
    const healthDetails = pathname === '/healthz' && mayReadHealthDetails(req.headers, req.socket.remoteAddress);
    stripUntrustedForwardedHeaders(req.headers, req.socket.remoteAddress); // before anything (Astro included) reads them
    if (logging)
      logRequestWhenDone(req, res, {
        path: pathname,
        ip: clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress),
        cache: () => cache,
        renders: () => work.renders,
      });
    if (stopping()) res.setHeader('connection', 'close');
    if (pathname === '/healthz') return sendHealth(res, checkHealth(db), healthDetails);
    if (serveUpload(req, res, pathname, uploadsDir, work.token)) {
      cache = 'static';
      return;
    }
    // Static files never reach Astro's middleware; they get the same security headers here.
    if (staticFiles.has(pathname)) for (const [name, value] of securityHeaders) res.setHeader(name, value);
    if (staticFiles.serve(req, res, pathname)) {
      cache = 'static';
      return;
    }
    if (serveAnonymousViewBeacon(req, res, pathname, securityHeaders, work.token)) return;
    // A signed-in member reading a note: the cached shared page with the personal slots filled in.
    const noteId = req.method === 'GET' && search === '' && work.token ? notePageId(pathname) : undefined;
    if (noteId !== undefined) {
      const page = await renderSignedInNote(work.token!, noteId, pathname, () => sharedNotePageFor(req, pathname, work));
      if (page) {
        cache = 'shared';
        sendPieces(req, res, page, { 'x-cache': 'shared' });
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
    const lookup = lookupPage(req, pathname, search, work.token);
    if (lookup?.hit) {
      cache = 'hit';
      if (sendCachedPage(req, res, lookup.hit, 'hit', effortFor(lookup.key)) > 0) recountPage(lookup.key);
      return;
    }
    if (!lookup) {
      const rendered = await renderWithAstro(app, req, res, work);
      if (!rendered) return;
      delete rendered.headers[CACHE_OPT_IN_HEADER];
      sendBuffered(req, res, rendered, 'fast');
      return;
    }
    const rendered = await renderOnce(req, res, lookup.key, work);
    if (!rendered) return;
    if (rendered.cached) {
      cache = rendered.cached;
      if (sendCachedPage(req, res, rendered.response, rendered.cached, effortFor(lookup.key)) > 0) recountPage(lookup.key);
    } else {
      sendBuffered(req, res, rendered.response, 'fast');
    }
  }

  /**
   * The shared page of a note for a signed-in reader. When no anonymous reader has asked for the
   * note since it last changed, its anonymous page is rendered (once, however many ask) and cached
   * now: without this, every signed-in view of such a note was rendered whole by Astro, about ten
   * times the CPU (measured at 1M notes, where few notes are in the cache).
   */
  async function sharedNotePageFor(req: IncomingMessage, pathname: string, work: RequestWork): Promise<SharedNotePage | undefined> {
    const shared = sharedNotePage(pathname);
    if (shared) return shared;
    const key = anonymousNoteKey(pathname);
    if (key === undefined) return undefined;
    if (!(await afterRenderUnderWay(key))) {
      const finish = startRender(key);
      try {
        const response = await renderAnonymously(app, req, work);
        if (response) storePage(key, response);
      } finally {
        finish();
      }
    }
    return sharedNotePage(pathname);
  }

  /**
   * A cacheable page missing from the cache: rendered by the first request that asks, while later
   * ones for the same key wait and share what it stored (one render per retired page, not one per
   * open connection). `cached` says whether the answer is now in the cache.
   */
  async function renderOnce(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    work: RequestWork,
  ): Promise<{ response: BufferedResponse; cached?: 'hit' | 'miss' } | null> {
    const waited = await afterRenderUnderWay(key);
    if (waited) return { response: waited, cached: 'hit' };
    const finish = startRender(key);
    try {
      const response = await renderWithAstro(app, req, res, work);
      if (!response) return null;
      const stored = storePage(key, response);
      delete response.headers[CACHE_OPT_IN_HEADER];
      return stored ? { response, cached: 'miss' } : { response };
    } finally {
      finish();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'request failed',
          path: (req.url ?? '').split('?')[0],
          error: error instanceof Error ? error.stack : String(error),
        }),
      );
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง');
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  const stopping = stopGracefullyOnSignals(server, SHUTDOWN_GRACE_MS, closeDb);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
