/**
 * Run-time site settings, read from the environment when the server starts (never baked into the build).
 */
export const DEFAULT_PORT = 4321;
export const DEFAULT_HOST = '127.0.0.1';

/** The public origin of the site, e.g. "https://banthuek.example" (SITE_URL, else http://HOST:PORT). */
export function getSiteUrl(): URL {
  const configured = process.env.SITE_URL;
  if (configured) return new URL(configured);
  const host = process.env.HOST || DEFAULT_HOST;
  const port = process.env.PORT || String(DEFAULT_PORT);
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return new URL(`http://${displayHost}:${port}`);
}

export function isSecureSite(): boolean {
  return getSiteUrl().protocol === 'https:';
}

/** Absolute URL on this site for a path (feeds, canonical links, emails). */
export function absoluteUrl(path: string): string {
  return new URL(path, getSiteUrl()).toString();
}
