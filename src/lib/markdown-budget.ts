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

/**
 * Lines parsed as lines. Each costs the parser tens of microseconds (a list item, table row or
 * footnote up to ~200 µs on a busy box) and setext underlines cost more the more there are, so
 * 20 KB of "- [ ] a" lines took 0.8 s. Past this many lines, each paragraph's lines are joined
 * with spaces (which is how a soft line break shows anyway): words and paragraphs stay, list,
 * table and heading markers beyond that point become text.
 */
export const MAX_STRUCTURED_LINES = 300;
/** Emphasis and strikethrough delimiter runs per paragraph ("*_*_…" cost 3 s at 20 KB); more become full-width. */
export const MAX_DELIMITER_RUNS_PER_BLOCK = 100;
/** "[" per paragraph (links, references, footnotes: "[a][a]…" cost 0.6 s at 20 KB); more become full-width. */
export const MAX_BRACKETS_PER_BLOCK = 100;
/** Bare links ("http://", "www.") per paragraph; more are shown as text (their ":" and "." full-width). */
export const MAX_BARE_LINKS_PER_BLOCK = 100;

/**
 * Past a budget, Markdown punctuation is replaced by its full-width form: it shows the same and
 * means nothing to the parser. NOTE: backslash escapes were tried first, but the parser spends
 * ~10 µs on each, so 20 KB of escapes still cost 0.3 s.
 */
const FULL_WIDTH: Record<string, string> = { '*': '＊', _: '＿', '~': '～', '[': '［', ']': '］', ':': '：', '.': '．' };
/** An escaped character, or a run of one emphasis delimiter. */
const DELIMITER_RUN = /\\[\s\S]|([*_~])\1*/g;
/** An escaped character, or a bracket (only "[" counts; past the budget both become full-width). */
const BRACKET = /\\[\s\S]|[[\]]/g;
/** An escaped character, or the start of a bare link. */
const BARE_LINK = /\\[\s\S]|:\/\/|\bwww\./gi;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Joins the non-blank lines after the first MAX_STRUCTURED_LINES, paragraph by paragraph (one blank
 * line between them), after a blank line (so no list or table runs on into them); their pipes become full-width, so a joined
 * line is never a table row.
 */
function joinLinesPastBudget(lines: string[]): string[] {
  if (lines.length <= MAX_STRUCTURED_LINES) return lines;
  const kept = [...lines.slice(0, MAX_STRUCTURED_LINES), ''];
  let paragraph: string[] = [];
  const flush = () => paragraph.length && (kept.push(paragraph.join(' ').replaceAll('|', '｜')), (paragraph = []));
  for (const line of lines.slice(MAX_STRUCTURED_LINES)) {
    // Several blank lines separate paragraphs no more than one does.
    if (line.trim() === '') flush(), kept.at(-1) !== '' && kept.push('');
    else paragraph.push(line.trim());
  }
  flush();
  return kept;
}

/** Makes full-width every match of `pattern` in `lines` once more than `limit` counted ones were seen. */
function flattenPastLimit(lines: string[], pattern: RegExp, isCounted: (match: string) => boolean, limit: number): void {
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    lines[index] = line.replace(pattern, (match: string) => {
      if (match[0] === '\\') return match;
      if (isCounted(match)) seen += 1;
      return seen <= limit ? match : match.replace(/./g, (char) => FULL_WIDTH[char] ?? char);
    });
  }
}

/**
 * Markdown whose line count, emphasis delimiters and brackets are within budget (see the
 * constants above); fenced code within the line budget is left alone. NOTE: an inline code span
 * in a paragraph past a budget shows the full-width forms too (only in such paragraphs). Text within budget comes
 * back unchanged (the same string).
 */
export function limitMarkdownStructure(markdown: string): string {
  const lines = joinLinesPastBudget(markdown.split('\n'));
  let fence: string | null = null;
  let block: string[] = [];
  const out: string[] = [];
  const flush = () => {
    flattenPastLimit(block, DELIMITER_RUN, () => true, MAX_DELIMITER_RUNS_PER_BLOCK);
    flattenPastLimit(block, BRACKET, (match) => match === '[', MAX_BRACKETS_PER_BLOCK);
    flattenPastLimit(block, BARE_LINK, () => true, MAX_BARE_LINKS_PER_BLOCK);
    out.push(...block);
    block = [];
  };
  for (const line of lines) {
    const opening = FENCE.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (opening && opening[0] === fence[0] && opening.length >= fence.length && line.trim() === opening) fence = null;
    } else if (opening) {
      flush();
      out.push(line);
      fence = opening;
    } else if (line.trim() === '') {
      flush();
      out.push(line);
    } else block.push(line);
  }
  flush();
  const limited = out.join('\n');
  return limited === markdown ? markdown : limited;
}

/**
 * Markdown within every budget of this module: nesting, then structure. Line endings become `\n`
 * first: the parser also breaks lines at a lone `\r`, which the budgets would otherwise not see.
 */
export function limitMarkdown(markdown: string): string {
  return limitMarkdownStructure(limitMarkdownNesting(markdown.replace(/\r\n?/g, '\n')));
}
