/**
 * Every request header the server reads itself (before Astro) is parsed here, by functions that
 * never throw: malformed input is ignored, so a hostile header can cost a 4xx at most, never a 500.
 * Cookies are parsed by the `cookie` package (the parser Astro uses), which leaves a value it
 * cannot percent-decode as it is instead of throwing like `decodeURIComponent`.
 */
import { isIP } from 'node:net';
import { parse as parseCookieHeader } from 'cookie';
import { getConfig } from '../config.ts';

export type Encoding = 'br' | 'gzip';

/** A Cookie header beyond this is ignored whole (browsers send at most about 8 KB). */
const MAX_COOKIE_HEADER_CHARS = 16 * 1024;
/** An X-Forwarded-For beyond this is ignored whole (a few proxies' addresses fit in far less). */
const MAX_FORWARDED_FOR_CHARS = 2 * 1024;
const Q_ZERO = /^\s*q\s*=\s*0(\.0*)?\s*$/i;

/** The value of cookie `name`, or undefined when absent, empty or the header is malformed. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text || text.length > MAX_COOKIE_HEADER_CHARS) return undefined;
  let value: string | undefined;
  try {
    value = parseCookieHeader(text)[name];
  } catch {
    return undefined; // the package does not throw on bad values; this is for anything it may in future
  }
  return value || undefined;
}

/**
 * The response encoding for an Accept-Encoding header, brotli first; null when the client accepts
 * neither, or the header is nonsense. `q=0` refuses an encoding.
 */
export function chooseEncoding(acceptEncoding: string | string[] | undefined | null): Encoding | null {
  const text = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!text) return null;
  const accepted = new Set<string>();
  for (const part of text.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const refused = params.some((p) => Q_ZERO.test(p));
    if (name && !refused) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/** Percent-decodes a URL path; undefined when it is not valid percent-encoding (`/%`, `/%E0%A4`). */
export function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

/**
 * The path of a Referer header, for sending someone back after signing in; '/' when the header is
 * missing or malformed (`http://[`). Only the path is kept (the host may be a proxy's name for us),
 * and safeRedirectPath still checks it.
 */
export function refererPath(referer: string | null): string {
  if (!referer || !URL.canParse(referer)) return '/'; // a Referer is always an absolute URL
  return new URL(referer).pathname;
}

/**
 * The client's address behind `hops` trusted proxies (TRUST_PROXY). Each proxy appends the address
 * it saw to X-Forwarded-For, so the client is the entry `hops` places from the right; entries
 * further left were written by the client itself (taking the leftmost, as is common, is spoofable).
 * The socket's address when no proxy is trusted, or when the header is missing, too long or that
 * entry is not an IP address (so a hostile value never reaches a log line or a rate-limit key).
 */
export function clientAddress(
  forwardedFor: string | string[] | null | undefined,
  socketAddress: string | undefined,
  hops: number = getConfig().trustedProxyHops,
): string {
  const socket = socketAddress || 'unknown';
  const text = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (hops <= 0 || !text || text.length > MAX_FORWARDED_FOR_CHARS) return socket;
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const entry = entries[Math.max(0, entries.length - hops)];
  return entry && isIP(entry) ? entry : socket;
}
