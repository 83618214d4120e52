/**
 * An anonymous reader's view beacon (`POST /api/notes/<id>/view`), answered before Astro: it only
 * adds one to a count kept in memory (view-counts.ts), and going through Astro's request pipeline
 * cost ~1 ms of CPU per beacon, as much as ten cached pages (issue 10: a live site sends one per
 * page read). Anything unusual goes on to the route, which answers it the same way or refuses it:
 * a session cookie (the author's own reads do not count), a body, an Origin that is not ours.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getSiteUrl } from '~/lib/server/site.ts';
import { countView } from '~/lib/server/view-counts.ts';
import { clientAddress } from '~/lib/server/web/request-headers.ts';
import { hasBody } from '~/lib/server/web/body-reader.ts';

const VIEW_PATH = /^\/api\/notes\/([1-9]\d{0,14})\/view$/;

/** Whether the Origin is this site's (the route's CSRF rule accepts more: those cases go to it). */
function fromOurPages(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  if (origin === getSiteUrl().origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Counts the view and answers 204 when this is an anonymous beacon from our pages; false: not handled. */
export function serveAnonymousViewBeacon(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  securityHeaders: Iterable<[string, string]>,
  token: string | undefined,
): boolean {
  if (req.method !== 'POST') return false;
  const match = VIEW_PATH.exec(pathname);
  if (!match || token !== undefined || hasBody(req) || !fromOurPages(req)) return false;
  // As getClientIp in the middleware: forwarded headers are already reduced to the client's address.
  countView(Number(match[1]), undefined, clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress));
  for (const [name, value] of securityHeaders) res.setHeader(name, value);
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
  return true;
}
