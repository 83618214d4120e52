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
  if (origin) return origin === getSiteUrl().origin || origin === requestUrl.origin || originMatchesHost(origin, request.headers.get('host'));
  // No Origin: browsers always send one on cross-site POSTs, so a missing Origin is a script or an
  // old client. Sec-Fetch-Site, when present, still tells us a browser made a cross-site request.
  const fetchSite = request.headers.get('sec-fetch-site');
  return !fetchSite || fetchSite === 'same-origin' || fetchSite === 'none';
}

/** Lucia's rule: the Origin's host equals the Host header the browser sent (an attacker's page cannot set Host). */
function originMatchesHost(origin: string, host: string | null): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** True when the declared body is larger than any route accepts. */
export function isOversizeBody(request: Request, limit = MAX_REQUEST_BYTES): boolean {
  return Number(request.headers.get('content-length') ?? '0') > limit;
}

/** The client's address: X-Forwarded-For's first hop only when TRUST_PROXY=1, else the socket address. */
export function getClientIp(request: Request, socketAddress: string | undefined): string {
  if (isProxyTrusted()) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress ?? 'unknown';
}

/** TRUST_PROXY=1/true: a reverse proxy we run sets X-Forwarded-*; otherwise those headers are a client's lie. */
export function isProxyTrusted(): boolean {
  return process.env.TRUST_PROXY === '1' || process.env.TRUST_PROXY === 'true';
}

const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];

/**
 * Removes X-Forwarded-* from an incoming Node request when no trusted proxy is configured.
 * NOTE: Astro's Node adapter takes clientAddress from X-Forwarded-For unconditionally, so this must
 * happen before Astro sees the request.
 */
export function stripUntrustedForwardedHeaders(headers: Record<string, unknown>): void {
  if (isProxyTrusted()) return;
  for (const name of FORWARDED_HEADERS) delete headers[name];
}
