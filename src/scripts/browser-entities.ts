/**
 * The two functions markdown-it takes from the `entities` package, done by the browser's own
 * HTML parser: the editor bundle then ships without entities' 75 KB table (see astro.config.mjs).
 * A <textarea>'s content is plain text to the parser (RCDATA), so nothing is created or run.
 */
const decoder = typeof document === 'undefined' ? null : document.createElement('textarea');

export function decodeHTML(text: string): string {
  if (!decoder) return text;
  decoder.innerHTML = text;
  return decoder.value;
}

/** markdown-it calls it with one "&name;" reference; unknown names come back unchanged. */
export function decodeHTMLStrict(text: string): string {
  return decodeHTML(text);
}
