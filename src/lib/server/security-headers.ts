/**
 * Security headers on every response. Scripts are served as files, so the CSP needs no
 * 'unsafe-inline'. Stylesheets are inlined into each page (one round trip less on a slow phone,
 * issue 24; decision 2402): the CSP allows exactly those, by their sha256, computed once when the
 * server starts from the build's manifest (allowInlineStyles). Pagefind's search runs WebAssembly,
 * hence 'wasm-unsafe-eval'. Frames: only the two video players a click-to-play card opens.
 */
import { createHash } from 'node:crypto';
import { isSecureSite } from './site.ts';

/** Where a video card's iframe may load from (see src/scripts/video-card.ts). */
const VIDEO_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://www.facebook.com'];

function contentSecurityPolicy(styleHashes: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    ["style-src 'self'", ...styleHashes].join(' '),
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    `frame-src ${VIDEO_FRAME_ORIGINS.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

let policy = contentSecurityPolicy([]);

/**
 * Allows these stylesheets (the build's inlined ones, each exactly as a page carries it in its
 * `<style>`) by hash. Called once at start, before serving; each call replaces the last.
 */
export function allowInlineStyles(contents: Iterable<string>): void {
  const hashes = [...new Set(contents)].map((css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  policy = contentSecurityPolicy(hashes.sort());
}

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Every security header for this site, as name/value pairs (HSTS only when SITE_URL is https). */
export function securityHeaderEntries(): [string, string][] {
  const entries: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['content-security-policy', policy],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['x-frame-options', 'DENY'],
    ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'],
    ['cross-origin-opener-policy', 'same-origin'],
  ];
  if (isSecureSite()) entries.push(['strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`]);
  return entries;
}

/** Adds the headers to `response` (a new Response when its headers are immutable) and returns it. */
export function applySecurityHeaders(response: Response, _url: URL): Response {
  let target = response;
  try {
    response.headers.set('x-content-type-options', 'nosniff');
  } catch {
    target = new Response(response.body, response);
  }
  for (const [name, value] of securityHeaderEntries()) target.headers.set(name, value);
  return target;
}
