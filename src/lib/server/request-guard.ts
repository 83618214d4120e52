/**
 * Checks made on every request before any route runs: body size, and the same-origin rule
 * for writes (CSRF). See docs/decisions/0002-csrf-origin-check.md.
 */
import { getSiteUrl } from './site.ts';
import { MAX_REQUEST_BYTES } from './http.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when a write request comes from our own pages (or from a non-browser client that sends no Origin). */
export function isSameOriginWrite(request: Request, requestUrl: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get('origin');
  if (origin) return origin === getSiteUrl().origin || origin === requestUrl.origin;
  // No Origin: browsers always send one on cross-site POSTs, so a missing Origin is a script or an
  // old client. Sec-Fetch-Site, when present, still tells us a browser made a cross-site request.
  const fetchSite = request.headers.get('sec-fetch-site');
  return !fetchSite || fetchSite === 'same-origin' || fetchSite === 'none';
}

/** True when the declared body is larger than any route accepts. */
export function isOversizeBody(request: Request, limit = MAX_REQUEST_BYTES): boolean {
  return Number(request.headers.get('content-length') ?? '0') > limit;
}

/**
 * How many reverse proxies of our own stand in front of the server (TRUST_PROXY: "1"/"true" = one,
 * a number = that many, unset/"0" = none: X-Forwarded-For is then ignored entirely).
 */
export function trustedProxyHops(value = process.env.TRUST_PROXY): number {
  if (value === 'true') return 1;
  const hops = Number(value ?? '0');
  return Number.isSafeInteger(hops) && hops > 0 ? hops : 0;
}

/**
 * The client's address. Each trusted proxy appends the address it saw to X-Forwarded-For, so the
 * client is the entry `hops` places from the right; anything further left was written by the
 * client itself and is ignored. With no trusted proxy, the socket address.
 */
export function resolveClientAddress(socketAddress: string, forwardedFor: string | undefined, hops = trustedProxyHops()): string {
  if (hops === 0 || !forwardedFor) return socketAddress;
  const entries = forwardedFor.split(',').map((e) => e.trim()).filter(Boolean);
  return entries[Math.max(0, entries.length - hops)] ?? socketAddress;
}

/**
 * The client's address as the middleware sees it. NOTE: Astro's Node adapter takes clientAddress
 * from X-Forwarded-For whenever the header is present; scripts/lib/serve.ts therefore rewrites that
 * header to the resolved address before Astro sees the request. Run the server through `npm start`.
 */
export function getClientIp(_request: Request, clientAddress: string | undefined): string {
  return clientAddress ?? 'unknown';
}
