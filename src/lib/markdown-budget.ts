/**
 * The parsing budget of user Markdown, applied before any parser sees the text. Markdown parsers
 * spend time (and stack) that grows with the square of container nesting: 20 KB of "- - - …" cost
 * 40 s of CPU and then overflowed the stack. Every container level on a line takes at least one
 * character of that line's prefix (a ">", a list marker, or indentation), so capping the prefix
 * caps the nesting. Deeper prefixes are flattened: the rest of the line stays, as plain text.
 */

/** Container prefix columns kept on a line: about 16 levels of lists or quotes (tab = 4). */
export const MAX_CONTAINER_PREFIX_COLUMNS = 48;
/** Runs of one punctuation character beyond this are shortened (emphasis, brackets, backticks). */
export const MAX_PUNCTUATION_RUN = 64;

/** Whitespace, ">" and list markers ("-", "*", "+", "1.", "1)") followed by whitespace or line end. */
const CONTAINER_PREFIX = /^(?:[ \t]|>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))+/;
/** A run of one ASCII punctuation character longer than MAX_PUNCTUATION_RUN. */
const LONG_PUNCTUATION_RUN = new RegExp(`([!-/:-@[-\`{-~])\\1{${MAX_PUNCTUATION_RUN},}`, 'g');
const ORDERED_MARKER = /^(\d{1,9})([.)])/;

function columns(text: string): number {
  let width = 0;
  for (const char of text) width += char === '\t' ? 4 - (width % 4) : 1;
  return width;
}

/** The longest start of `prefix` that fits in `limit` columns. */
function cutAtColumns(prefix: string, limit: number): string {
  let width = 0;
  let end = 0;
  for (const char of prefix) {
    const next = width + (char === '\t' ? 4 - (width % 4) : 1);
    if (next > limit) break;
    width = next;
    end += 1;
  }
  return prefix.slice(0, end);
}

/** A line whose container prefix is too deep keeps the allowed part; the rest is escaped into text. */
function flattenLine(line: string): string {
  const prefix = CONTAINER_PREFIX.exec(line)?.[0];
  if (!prefix || columns(prefix) <= MAX_CONTAINER_PREFIX_COLUMNS) return line;
  const kept = cutAtColumns(prefix, MAX_CONTAINER_PREFIX_COLUMNS);
  const rest = line.slice(kept.length).trimStart();
  const ordered = ORDERED_MARKER.exec(rest);
  const escaped = ordered ? `${ordered[1]}\\${rest.slice(ordered[1]!.length)}` : /^[>\-*+]/.test(rest) ? `\\${rest}` : rest;
  return `${kept}${escaped}`;
}

/**
 * Markdown with its nesting within budget: container prefixes of at most
 * MAX_CONTAINER_PREFIX_COLUMNS and runs of one punctuation character of at most
 * MAX_PUNCTUATION_RUN. Text within budget comes back unchanged (the same string).
 */
export function limitMarkdownNesting(markdown: string): string {
  return markdown.split('\n').map(flattenLine).join('\n').replace(LONG_PUNCTUATION_RUN, (run) => run.slice(0, MAX_PUNCTUATION_RUN));
}
