/**
 * Links people share (issue 24): the LINE share address for a page, and the address as a person
 * reads it (Thai letters, not %E0%B8…). Safe on both sides.
 */

/** LINE's own share page: opens LINE (app or web) with `url` ready to send. */
export const lineShareUrl = (url: string) => `https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(url)}`;

/** `url` with its percent-encoded letters decoded for reading; the encoded form when it cannot be. */
export function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
