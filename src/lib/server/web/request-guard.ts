/**
 * Checks made on every request before any route runs: body size, and the same-origin rule
 * for writes (CSRF). See docs/decisions/0002-csrf-origin-check.md.
 */
import { getSiteUrl } from '../site.ts';
import { getConfig } from '../config.ts';
import { clientAddress } from './request-headers.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GET, HEAD and OPTIONS: requests that change nothing. */
export const isSafeMethod = (method: string) => SAFE_METHODS.has(method);

/** True when a write request comes from our own pages (or from a non-browser client that sends no Origin). */
export function isSameOriginWrite(request: Request, requestUrl: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get('origin');
  if (origin)
    return origin === getSiteUrl().origin || origin === requestUrl.origin || originMatchesHost(origin, request.headers.get('host'));
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

const FORM_TYPES = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
const JSON_TYPE = /^application\/json\b/i;

/** What a route reads: JSON (the API), an HTML form (pages and form actions), or a file it parses itself (multipart). */
export type BodyKind = 'json' | 'form' | 'upload';

const NOT_JSON_MESSAGE = 'ต้องส่งข้อมูลเป็น JSON (Content-Type: application/json)';
const NOT_FORM_MESSAGE = 'ต้องส่งข้อมูลจากแบบฟอร์มของหน้าเว็บ กรุณากลับไปที่หน้านั้นแล้วส่งแบบฟอร์มอีกครั้ง';
const BAD_FORM_MESSAGE = 'ข้อมูลจากแบบฟอร์มไม่ถูกต้อง กรุณาลองส่งใหม่';

/** Whether a write request declares a body (a chunked one counts; "Content-Length: 0" or none does not). */
function declaresBody(request: Request): boolean {
  if (request.headers.has('transfer-encoding')) return true;
  return Number(request.headers.get('content-length') ?? '0') > 0;
}

/** The kind of body the route at `pathname` reads (upload routes check their own multipart). */
export function bodyKindFor(pathname: string, upload: boolean): BodyKind {
  if (upload) return 'upload';
  return pathname.startsWith('/api/') ? 'json' : 'form';
}

/**
 * The one check of a write's Content-Type, before any route runs (docs/decisions/2103): a body
 * with no type, or a type the route does not read, is a Thai 415; a multipart form that does not
 * parse is a 400. An empty body passes: a button-only form or a bodiless API call, which the
 * route reads as "no fields" (readForm gives {}, readJsonBody answers 415/400 itself).
 */
export async function checkBodyType(request: Request, kind: BodyKind): Promise<{ status: 400 | 415; message: string } | null> {
  if (SAFE_METHODS.has(request.method) || !declaresBody(request)) return null;
  const type = request.headers.get('content-type') ?? '';
  // An upload route parses its own multipart (or, for a cover chosen from uploads, JSON; or a plain
  // form with only a button, such as removing a cover).
  if (kind === 'upload') return FORM_TYPES.test(type) || JSON_TYPE.test(type) ? null : { status: 415, message: NOT_FORM_MESSAGE };
  if (kind === 'json') return JSON_TYPE.test(type) ? null : { status: 415, message: NOT_JSON_MESSAGE };
  if (!FORM_TYPES.test(type)) return { status: 415, message: NOT_FORM_MESSAGE };
  if (/^multipart\//i.test(type)) {
    try {
      await request.clone().formData();
    } catch {
      return { status: 400, message: BAD_FORM_MESSAGE };
    }
  }
  return null;
}

/** True when the declared body is larger than any route accepts. */
export function isOversizeBody(request: Request, limit: number): boolean {
  return Number(request.headers.get('content-length') ?? '0') > limit;
}

/** The client's address: the single X-Forwarded-For entry left by stripUntrustedForwardedHeaders when a proxy is trusted, else the socket address. */
export function getClientIp(request: Request, socketAddress: string | undefined): string {
  return clientAddress(request.headers.get('x-forwarded-for'), socketAddress, trustedProxyHops());
}

/** TRUST_PROXY=1/true (or N proxies): a reverse proxy we run sets X-Forwarded-*; otherwise those headers are a client's lie. */
function isProxyTrusted(): boolean {
  return trustedProxyHops() > 0;
}

/**
 * How many reverse proxies of our own stand in front of the server (TRUST_PROXY: "1"/"true" = one,
 * a number = that many, unset/"0" = none).
 */
export function trustedProxyHops(value?: string): number {
  if (value === undefined) return getConfig().trustedProxyHops;
  if (value === 'true') return 1;
  const hops = Number(value ?? '0');
  return Number.isSafeInteger(hops) && hops > 0 ? hops : 0;
}

const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];

/**
 * Removes X-Forwarded-* from an incoming Node request when no trusted proxy is configured.
 * NOTE: Astro's Node adapter takes clientAddress from X-Forwarded-For unconditionally, so this must
 * happen before Astro sees the request.
 */
export function stripUntrustedForwardedHeaders(headers: Record<string, unknown>, socketAddress = 'unknown'): void {
  if (isProxyTrusted()) {
    // Collapse X-Forwarded-For to the one address our proxies vouch for, so Astro's
    // clientAddress (which takes the first entry) cannot be chosen by the client either.
    const forwarded = headers['x-forwarded-for'];
    const value = Array.isArray(forwarded) ? forwarded.join(',') : typeof forwarded === 'string' ? forwarded : undefined;
    if (value) headers['x-forwarded-for'] = clientAddress(value, socketAddress, trustedProxyHops());
    return;
  }
  for (const name of FORWARDED_HEADERS) delete headers[name];
}
