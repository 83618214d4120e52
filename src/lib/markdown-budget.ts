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
const MAX_PUNCTUATION_RUN = 64;

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

/** `line` kept up to `kept` characters of its container prefix; the rest escaped into text. */
function escapeRest(line: string, kept: string): string {
  const rest = line.slice(kept.length).trimStart();
  const ordered = ORDERED_MARKER.exec(rest);
  const escaped = ordered ? `${ordered[1]}\\${rest.slice(ordered[1]!.length)}` : /^[>\-*+]/.test(rest) ? `\\${rest}` : rest;
  return `${kept}${escaped}`;
}

/** A line whose container prefix is too deep keeps the allowed part; the rest is escaped into text. */
function flattenLine(line: string): string {
  const prefix = CONTAINER_PREFIX.exec(line)?.[0];
  if (!prefix || columns(prefix) <= MAX_CONTAINER_PREFIX_COLUMNS) return line;
  return escapeRest(line, cutAtColumns(prefix, MAX_CONTAINER_PREFIX_COLUMNS));
}

/**
 * Markdown with its nesting within budget: container prefixes of at most
 * MAX_CONTAINER_PREFIX_COLUMNS and runs of one punctuation character of at most
 * MAX_PUNCTUATION_RUN. Text within budget comes back unchanged (the same string).
 */
export function limitMarkdownNesting(markdown: string): string {
  return markdown
    .split('\n')
    .map(flattenLine)
    .join('\n')
    .replace(LONG_PUNCTUATION_RUN, (run) => run.slice(0, MAX_PUNCTUATION_RUN));
}

/**
 * Lines parsed as lines. Each costs the parser tens of microseconds (a list item, table row or
 * footnote up to ~200 µs on a busy box) and setext underlines cost more the more there are, so
 * 20 KB of "- [ ] a" lines took 0.8 s. Past this many lines, each paragraph's lines are joined
 * with spaces (which is how a soft line break shows anyway): words and paragraphs stay, list,
 * table and heading markers beyond that point become text.
 */
export const MAX_STRUCTURED_LINES = 300;
/**
 * Paragraphs kept apart after the line budget; later ones are joined into the last. Each costs
 * the render pipeline ~150 µs on a busy box, so 200 KB of one-word paragraphs took 5 s. Was 200:
 * 20 KB of "- a" or of video links on blank-line-separated lines then made 350 blocks, 1.3 to 2.5
 * times what 20 KB of prose costs (issue 21).
 */
const MAX_JOINED_PARAGRAPHS = 50;
/** Emphasis and strikethrough delimiter runs per paragraph ("*_*_…" cost 3 s at 20 KB); more become full-width. */
const MAX_DELIMITER_RUNS_PER_BLOCK = 100;
/** "[" per paragraph (links, references, footnotes: "[a][a]…" cost 0.6 s at 20 KB); more become full-width. */
const MAX_BRACKETS_PER_BLOCK = 100;
/** Bare links ("http://", "www.") per paragraph; more are shown as text (their ":" and "." full-width). */
const MAX_BARE_LINKS_PER_BLOCK = 100;
/**
 * Per-document budgets. The per-paragraph ones above do not bound a 200 KB note made of many
 * short paragraphs ("*_" or "[a](" on every other line cost 5 to 10 s), and some constructs cost
 * the parser ~20 µs each wherever they are: entity references ("&amp;"), "<" (autolinks and raw
 * HTML) and code spans. Past these counts in one document the same constructs become full-width
 * text. An ordinary long note stays far below them. Brackets were 2,000: 20 KB of "[a] " reference
 * uses then cost 2 to 2.5 times the prose (each use is a link node through the whole pipeline).
 */
const MAX_DELIMITER_RUNS_PER_DOCUMENT = 2000;
const MAX_BRACKETS_PER_DOCUMENT = 500;
const MAX_BARE_LINKS_PER_DOCUMENT = 2000;
const MAX_ENTITIES_PER_DOCUMENT = 1000;
const MAX_ANGLE_BRACKETS_PER_DOCUMENT = 1000;
const MAX_BACKTICK_RUNS_PER_DOCUMENT = 1000;

/**
 * Table columns: parsing a table costs ~100 µs per header cell on a busy box (a 200 KB table of
 * 51k columns took 6 s before anything was rendered), and every row is padded to the header's
 * width when rendered (markdown-output-budget.ts). A delimiter row ("|-|:-:|") wider than
 * MAX_TABLE_COLUMNS, or past MAX_DOCUMENT_TABLE_COLUMNS in one document, is replaced by a Thai
 * note, so no table forms there: its header and rows show as text (a delimiter row holds no words).
 */
export const MAX_TABLE_COLUMNS = 128;
const MAX_DOCUMENT_TABLE_COLUMNS = 1024;
/** What replaces a delimiter row past the column budget. */
export const TABLE_TOO_WIDE_NOTE = `⚠ ตารางนี้กว้างเกินกว่าจะแสดงเป็นตารางได้ (เกิน ${MAX_TABLE_COLUMNS} คอลัมน์) จึงแสดงเป็นข้อความ กรุณาแบ่งเป็นตารางย่อย`;
/** Only pipes, dashes, colons and spaces, with at least one pipe and one dash: a table delimiter row. */
const DELIMITER_ROW = /^[ \t]*(?=[^\n]*\|)(?=[^\n]*-)[|:\- \t]+$/;

/** The number of cells of a delimiter row, or 0 for any other line. */
function delimiterCells(line: string): number {
  if (!DELIMITER_ROW.test(line)) return 0;
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').length;
}

/**
 * Past a budget, Markdown punctuation is replaced by its full-width form: it shows the same and
 * means nothing to the parser. NOTE: backslash escapes were tried first, but the parser spends
 * ~10 µs on each, so 20 KB of escapes still cost 0.3 s.
 */
const FULL_WIDTH: Record<string, string> = {
  '*': '＊',
  _: '＿',
  '~': '～',
  '[': '［',
  ']': '］',
  ':': '：',
  '.': '．',
  '&': '＆',
  '<': '＜',
  '`': '｀',
};
/** An escaped character, or a run of one emphasis delimiter. */
const DELIMITER_RUN = /\\[\s\S]|([*_~])\1*/g;
/** An escaped character, or a bracket (only "[" counts; past the budget both become full-width). */
const BRACKET = /\\[\s\S]|[[\]]/g;
/** An escaped character, or the start of a bare link. */
const BARE_LINK = /\\[\s\S]|:\/\/|\bwww\./gi;
/** An escaped character, or the "&" of something shaped like an entity reference. */
const ENTITY = /\\[\s\S]|&(?=#?[0-9a-z]{1,32};)/gi;
/** An escaped character, or "<" (an autolink or raw HTML opener). */
const ANGLE_BRACKET = /\\[\s\S]|</g;
/** An escaped character, or a run of backticks (a code span delimiter). */
const BACKTICK_RUN = /\\[\s\S]|`+/g;
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
  let paragraphs = 0;
  const flush = () => paragraph.length && (kept.push(paragraph.join(' ').replaceAll('|', '｜')), (paragraph = []), (paragraphs += 1));
  for (const line of lines.slice(MAX_STRUCTURED_LINES)) {
    // Several blank lines separate paragraphs no more than one does; past the budget, none do.
    if (line.trim() !== '') paragraph.push(line.trim());
    else if (paragraphs < MAX_JOINED_PARAGRAPHS) {
      flush();
      if (kept.at(-1) !== '') kept.push('');
    }
  }
  flush();
  return kept;
}

/** How many counted matches one document has had so far, and how many it may have. */
interface DocumentBudget {
  seen: number;
  limit: number;
}

/**
 * Makes full-width every match of `pattern` in `lines` once more than `limit` counted ones were
 * seen in these lines, or more than the document's budget in the whole document.
 */
function flattenPastLimit(
  lines: string[],
  pattern: RegExp,
  isCounted: (match: string) => boolean,
  limit: number,
  document: DocumentBudget,
): void {
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    lines[index] = line.replace(pattern, (match: string) => {
      if (match[0] === '\\') return match;
      if (isCounted(match)) {
        seen += 1;
        document.seen += 1;
      }
      return seen <= limit && document.seen <= document.limit ? match : match.replace(/./g, (char) => FULL_WIDTH[char] ?? char);
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
  const budget = (limit: number): DocumentBudget => ({ seen: 0, limit });
  const delimiters = budget(MAX_DELIMITER_RUNS_PER_DOCUMENT);
  const brackets = budget(MAX_BRACKETS_PER_DOCUMENT);
  const bareLinks = budget(MAX_BARE_LINKS_PER_DOCUMENT);
  const entities = budget(MAX_ENTITIES_PER_DOCUMENT);
  const angleBrackets = budget(MAX_ANGLE_BRACKETS_PER_DOCUMENT);
  const backticks = budget(MAX_BACKTICK_RUNS_PER_DOCUMENT);
  let tableColumns = 0;
  const flush = () => {
    flattenPastLimit(block, DELIMITER_RUN, () => true, MAX_DELIMITER_RUNS_PER_BLOCK, delimiters);
    flattenPastLimit(block, BRACKET, (match) => match === '[', MAX_BRACKETS_PER_BLOCK, brackets);
    flattenPastLimit(block, BARE_LINK, () => true, MAX_BARE_LINKS_PER_BLOCK, bareLinks);
    flattenPastLimit(block, ENTITY, () => true, Infinity, entities);
    flattenPastLimit(block, ANGLE_BRACKET, () => true, Infinity, angleBrackets);
    flattenPastLimit(block, BACKTICK_RUN, () => true, Infinity, backticks);
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
    } else {
      const cells = delimiterCells(line);
      tableColumns += cells;
      const tooWide = cells > 0 && (cells > MAX_TABLE_COLUMNS || tableColumns > MAX_DOCUMENT_TABLE_COLUMNS);
      block.push(tooWide ? TABLE_TOO_WIDE_NOTE : line);
    }
  }
  flush();
  const limited = out.join('\n');
  return limited === markdown ? markdown : limited;
}

/**
 * List items one document may open. A list item is the parser's dearest block: on the quiet box 300
 * one-line items cost 2 to 3 times what 20 KB of prose does (~0.5 ms each with the render), and
 * "- - - - - - - - a" opens 8 per line, so 300 such lines cost 5 times the prose (issue 21). Past
 * this many, a line's list markers are escaped: the line stays, as text (with its "-" or "1."
 * showing) in the paragraph before it. Ordinary lists are far shorter; fenced code is left alone.
 */
const MAX_LIST_ITEMS = 100;
/** One piece of a container prefix: a space or tab, a ">", or a list marker (what opens an item). */
const PREFIX_PIECE = /[ \t]|>|([-*+]|\d{1,9}[.)])(?=[ \t]|$)/y;

/** Markdown whose lines outside fenced code open at most MAX_LIST_ITEMS list items in all. */
function limitListItems(markdown: string): string {
  const lines = markdown.split('\n');
  let items = 0;
  let fence: string | null = null;
  for (const [index, line] of lines.entries()) {
    const opening = FENCE.exec(line)?.[1];
    if (fence) {
      if (opening && opening[0] === fence[0] && opening.length >= fence.length && line.trim() === opening) fence = null;
      continue;
    }
    if (opening) {
      fence = opening;
      continue;
    }
    PREFIX_PIECE.lastIndex = 0;
    for (let piece = PREFIX_PIECE.exec(line); piece; piece = PREFIX_PIECE.exec(line)) {
      if (piece[1] && ++items > MAX_LIST_ITEMS) {
        lines[index] = escapeRest(line, line.slice(0, piece.index));
        break;
      }
    }
  }
  return items > MAX_LIST_ITEMS ? lines.join('\n') : markdown;
}

/**
 * Markdown within every budget of this module: nesting, structure, then list items. Line endings become `\n`
 * first: the parser also breaks lines at a lone `\r`, which the budgets would otherwise not see.
 */
export function limitMarkdown(markdown: string): string {
  // Nesting again after structure: joining lines past the line budget makes one line of many
  // ("1.\n1.\n…" becomes "1. 1. …", a list nested thousands deep: 243 s and a stack overflow).
  // List items last: joining lines can open new ones.
  return limitListItems(limitMarkdownNesting(limitMarkdownStructure(limitMarkdownNesting(markdown.replace(/\r\n?/g, '\n')))));
}
