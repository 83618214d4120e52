/**
 * Security headers on every response. Scripts and styles are served as files (the build never
 * inlines them), so the CSP needs no 'unsafe-inline'. Pagefind's search runs WebAssembly, hence
 * 'wasm-unsafe-eval'. Frames: only the two video players a click-to-play card opens.
 */
import { isSecureSite } from './site.ts';

/** Where a video card's iframe may load from (see src/scripts/video-card.ts). */
const VIDEO_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://www.facebook.com'];

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
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

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Every security header for this site, as name/value pairs (HSTS only when SITE_URL is https). */
export function securityHeaderEntries(): [string, string][] {
  const entries: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['content-security-policy', CONTENT_SECURITY_POLICY],
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
