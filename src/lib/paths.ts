/** Canonical paths of things, so links are built one way everywhere. */
export const notePath = (id: number) => `/notes/${id}`;
export const userPath = (username: string) => `/u/${username}`;
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/**
 * A redirect target after login that can only stay on this site: a path starting with one "/"
 * (not "//" or "/\\", which browsers treat as another host), with no control characters.
 */
export function safeRedirectPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001F\u007F\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://banthuek.invalid');
    if (url.host !== 'banthuek.invalid') return fallback;
    const path = url.pathname + url.search + url.hash;
    // Dot segments collapse on parsing: "/.//evil.example" becomes "//evil.example", another host.
    return path.startsWith('//') ? fallback : path;
  } catch {
    return fallback;
  }
}
