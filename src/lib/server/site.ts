/**
 * Run-time site settings, read from the environment when the server starts (never baked into the build).
 */
import { getConfig } from './config.ts';

/** The public origin of the site, e.g. "https://banthuek.example" (SITE_URL, else http://HOST:PORT). Do not modify it. */
export function getSiteUrl(): URL {
  return getConfig().siteUrl;
}

export function isSecureSite(): boolean {
  return getSiteUrl().protocol === 'https:';
}

/** Absolute URL on this site for a path (feeds, canonical links, emails). */
export function absoluteUrl(path: string): string {
  return new URL(path, getSiteUrl()).toString();
}
