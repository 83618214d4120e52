import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import {
  rehypeCommentRestrictions,
  rehypeLinkAndImageAttributes,
  rehypeLinkCards,
  rehypeUrlPolicy,
  remarkLineBreaks,
  remarkNoIndentedCode,
  remarkMentionLinks,
  remarkRawHtmlAsText,
  remarkShiftHeadings,
} from './markdown-plugins';
import { limitMarkdown } from './markdown-budget';
import { checkHtmlBudget, remarkOutputBudget } from './markdown-output-budget.ts';
import { rehypeUploads } from './markdown-uploads.ts';
import { unindentParagraphs } from './markdown-rules.ts';

/** The text a parser sees: nesting bounded (markdown-budget.ts), then our indentation rule. */
function prepare(markdown: string): string {
  return unindentParagraphs(limitMarkdown(markdown));
}

const ELLIPSIS = '…';
/** A word-boundary cut may give back at most this share of the budget; otherwise cut mid-word. */
const MIN_WORD_CUT_RATIO = 0.5;
const GRAPHEMES = new Intl.Segmenter('th', { granularity: 'grapheme' });
const WORDS = new Intl.Segmenter('th', { granularity: 'word' });

const defaultAttributes = defaultSchema.attributes ?? {};

/**
 * GitHub's schema, narrowed to what our Markdown produces. Raw HTML never reaches it (it is turned
 * into text first), so this is the second line of defence, not the first.
 */
const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => !['details', 'summary', 'picture', 'source', 'div'].includes(tag)),
  attributes: {
    ...defaultAttributes,
    '*': ['id', 'title', 'lang', 'dir'],
    a: [...(defaultAttributes.a ?? []), 'title'],
    img: ['src', 'alt', 'title'],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    ol: [...(defaultAttributes.ol ?? []), 'start'],
    td: ['align'],
    th: ['align'],
  },
  protocols: { href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'] },
  strip: ['script', 'style'],
  // NOTE: remark-rehype already prefixes footnote ids with "user-content-"; clobbering again here
  // would give "user-content-user-content-fn-1" and break the footnote links. Ids cannot come from
  // authors any other way because raw HTML never reaches the HTML tree.
  clobber: [],
};

const FOOTNOTE_OPTIONS = {
  footnoteLabel: 'เชิงอรรถ',
  footnoteBackLabel: (referenceIndex: number) => `กลับไปยังจุดอ้างอิง ${referenceIndex + 1}`,
};

function createProcessor(kind: 'note' | 'comment', topHeading = NOTE_TOP_HEADING) {
  const base = unified()
    .use(remarkParse)
    .use(remarkNoIndentedCode)
    .use(remarkGfm)
    .use(remarkRawHtmlAsText)
    .use(remarkLineBreaks)
    .use(remarkShiftHeadings, { top: topHeading })
    .use(remarkMentionLinks)
    .use(remarkOutputBudget) // last before remark-rehype, which pads tables and copies references
    .use(remarkRehype, FOOTNOTE_OPTIONS)
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeUrlPolicy);
  const restricted = kind === 'comment' ? base.use(rehypeCommentRestrictions) : base.use(rehypeLinkCards);
  return restricted
    .use(rehypeLinkAndImageAttributes)
    .use(rehypeUploads, { images: kind === 'note' })
    .use(rehypeStringify)
    .freeze();
}

/** What Markdown "#" becomes on a note page, whose <h1> is the title. */
const NOTE_TOP_HEADING = 2;
const noteProcessor = createProcessor('note');
/** Note processors by the level "#" becomes; made on first use (an AAR's answers and lessons). */
const noteProcessors = new Map([[NOTE_TOP_HEADING, noteProcessor]]);
const commentProcessor = createProcessor('comment');
const markdownParser = unified().use(remarkParse).use(remarkNoIndentedCode).use(remarkGfm).freeze();
/** Without GFM, for text that has none of its constructs (GFM made parsing ~2× slower on Thai notes). */
const commonMarkParser = unified().use(remarkParse).use(remarkNoIndentedCode).freeze();

/**
 * Characters without which a text has no Markdown at all: escapes, code, emphasis, links and
 * images, HTML and entities, headings, tables, strikethrough; and line starts of lists, setext
 * underlines, thematic breaks, block quotes and table delimiter rows. Such a text's plain text is the text itself with
 * whitespace collapsed, so most comments skip the parser (the search index reads 10 per note).
 * NOTE: tests/unit/markdown-plain-text.test.ts checks both paths agree.
 */
const MARKUP_CHARACTER = /[\\`*_[\]<>#|~&]|^[ \t]*(?:[-+=>]|:-|\d{1,9}[.)])/m;
/**
 * What only GFM parses: tables (a one-column table needs no "|": "ก" over "-:"), strikethrough,
 * task lists and footnotes, bare links and emails.
 */
const GFM_SYNTAX = /[|~[@]|www\.|:\/\/|^[ \t]*:?-+:?[ \t]*$/im;

/**
 * Renders a user's note (GFM, never MDX) to HTML that is safe to insert with `set:html`.
 * Raw HTML shows as text, only http(s)/mailto/site-relative links and http(s)/root-relative
 * images survive, and `#` becomes `<h2>` because the page's `<h1>` is the note title. Text shown
 * under a heading of its own passes `topHeading` (an AAR answer below its card's <h3>: 4).
 * What it may expand into is bounded (markdown-output-budget.ts): tables past their cell budget
 * are cut with a Thai note, and HTML past its budget throws a DomainError (413).
 */
export function renderNoteMarkdown(markdown: string, options: { topHeading?: number } = {}): string {
  const top = options.topHeading ?? NOTE_TOP_HEADING;
  let processor = noteProcessors.get(top);
  if (!processor) noteProcessors.set(top, (processor = createProcessor('note', top)));
  return checkHtmlBudget(markdown, String(processor.processSync(prepare(markdown))));
}

/**
 * Renders a comment like {@link renderNoteMarkdown}, but images become links to the image and
 * headings become bold paragraphs, so one comment cannot dominate the thread.
 */
export function renderCommentMarkdown(markdown: string): string {
  return checkHtmlBudget(markdown, String(commentProcessor.processSync(prepare(markdown))));
}

const BLOCK_NODES = new Set(['root', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'footnoteDefinition']);

/** Plain text of a node; with `lines`, blocks and hard breaks end lines instead of becoming spaces. */
function plainTextOf(node: MdastRoot | MdastContent, lines = false): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'break':
      return lines ? '\n' : ' ';
    case 'html':
    case 'definition':
      return '';
  }
  if (!('children' in node)) return '';
  const block = BLOCK_NODES.has(node.type) ? (lines && node.type !== 'tableRow' ? '\n' : ' ') : '';
  const separator = node.type === 'tableCell' ? ' ' : block;
  return node.children.map((child) => plainTextOf(child, lines)).join(separator);
}

/** The parse tree, or undefined for text with no Markdown at all (its plain text is itself). */
function parseForPlainText(prepared: string): MdastRoot | undefined {
  return MARKUP_CHARACTER.test(prepared) ? (GFM_SYNTAX.test(prepared) ? markdownParser : commonMarkParser).parse(prepared) : undefined;
}

/** Whitespace collapsed to single spaces, except that line ends stay (one per run of blank lines). */
const collapseKeepingLines = (text: string) =>
  text
    .replace(/\s*\n\s*/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .trim();

/**
 * Plain text of a Markdown document for excerpts, feeds and search: no markup, whitespace
 * collapsed. With `maxChars`, the result is at most that many user-perceived characters
 * (ellipsis included), cut at a Thai word boundary when one is near, never inside a grapheme.
 */
export function markdownToPlainText(markdown: string, maxChars?: number): string {
  const prepared = prepare(markdown);
  const tree = parseForPlainText(prepared);
  const text = (tree ? plainTextOf(tree) : prepared).replace(/\s+/g, ' ').trim();
  if (maxChars === undefined) return text;

  if (graphemeOffset(text, maxChars) === undefined) return text;

  const hardCut = graphemeOffset(text, Math.max(0, maxChars - 1)) ?? text.length;
  let cut = hardCut;
  for (const { index } of WORDS.segment(text)) {
    if (index > hardCut) break;
    cut = index;
  }
  if (cut < hardCut * MIN_WORD_CUT_RATIO) cut = hardCut;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * As {@link markdownToPlainText}, but each paragraph, list item, heading, table row or line break
 * ends a line. For the search index: its word segmenter is superlinear in the length of a line, and
 * a 200 KB note collapsed into one line froze index updates (issue 21).
 */
export function markdownToPlainLines(markdown: string): string {
  const prepared = prepare(markdown);
  const tree = parseForPlainText(prepared);
  return collapseKeepingLines(tree ? plainTextOf(tree, true) : prepared);
}

/** The plain text as the full GFM parser gives it, with no shortcut; for tests that check the shortcuts agree. */
export function parsedPlainText(markdown: string, options: { lines?: boolean } = {}): string {
  const text = plainTextOf(markdownParser.parse(prepare(markdown)), options.lines);
  return options.lines ? collapseKeepingLines(text) : text.replace(/\s+/g, ' ').trim();
}

/** UTF-16 offset where the grapheme at `position` starts, or undefined if the text is shorter. */
function graphemeOffset(text: string, position: number): number | undefined {
  let count = 0;
  for (const { index } of GRAPHEMES.segment(text)) {
    if (count++ === position) return index;
  }
  return undefined;
}
