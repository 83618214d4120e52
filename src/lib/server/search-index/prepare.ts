/**
 * Turns a note as stored (NoteSource) into its search record (SearchDocument), in bounded work:
 * one long note froze every index update (issue 21), so the text indexed per note is capped and
 * each note has a time budget; past either, a truncated text is indexed and the update goes on.
 * See docs/decisions/2102-search-index-bounded-work.md.
 */
import { markdownToPlainLines } from '../../markdown.ts';
import { notePath } from '../../paths.ts';
import type { NoteSource, SearchDocument } from './documents.ts';
import { markThaiWordBoundariesUntil } from './segment.ts';

/**
 * Characters of body and comments indexed per note (a Thai note at the 200 KB body limit has
 * ~69,000; Latin ~200,000). Pagefind took 0.4 s for a 50,000-character record and 1.5 s for 81,000,
 * on every rebuild of the recent bundle while the note is in it; words past this are not found.
 */
const INDEXED_TEXT_MAX_CHARS = 50_000;
/**
 * Markdown read per text before parsing (cut at a line end): parsing 135,000 characters of
 * markup-heavy Markdown took 4.4 s on a loaded box.
 */
const MARKDOWN_MAX_CHARS = 80_000;
/** Time one note may take to prepare; past it, what is done so far is indexed. */
const DOCUMENT_BUDGET_MS = 2_000;

export interface PreparedDocument extends SearchDocument {
  /** The text indexed stops short of the note's (cap or time budget): for the log. */
  truncated?: { indexedChars: number; reason: 'size' | 'time' };
}

/** `text` cut to at most `max` characters, at the last line end or space before the cut when there is one nearby. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const at = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  return at > max * 0.9 ? head.slice(0, at) : head;
}

/** Options for tests: a clock and budgets to reach quickly. */
export interface PrepareOptions {
  budgetMs?: number;
  maxChars?: number;
  now?: () => number;
}

/**
 * The search record of a note: title first (excerpts skip it), then body and visible comments (at
 * most INDEXED_TEXT_MAX_CHARS, as far as DOCUMENT_BUDGET_MS allows), then tags and author, which
 * should find the note even when its text is cut. Line ends are kept: Thai words are marked line
 * by line (segment.ts).
 */
export function prepareDocument(source: NoteSource, options: PrepareOptions = {}): PreparedDocument {
  const now = options.now ?? Date.now;
  const maxChars = options.maxChars ?? INDEXED_TEXT_MAX_CHARS;
  const deadline = now() + (options.budgetMs ?? DOCUMENT_BUDGET_MS);
  let reason: 'size' | 'time' | undefined;
  const texts: string[] = [];
  let chars = 0;
  for (const markdown of [source.bodyMarkdown, ...source.comments]) {
    if (chars >= maxChars) reason ??= 'size';
    else if (now() > deadline) reason ??= 'time';
    if (reason) break;
    const text = markdownToPlainLines(markdown.length > MARKDOWN_MAX_CHARS ? cutText(markdown, MARKDOWN_MAX_CHARS) : markdown);
    if (!text) continue;
    if (markdown.length > MARKDOWN_MAX_CHARS || chars + text.length > maxChars) reason = 'size';
    const kept = cutText(text, maxChars - chars);
    texts.push(kept);
    chars += kept.length + 1;
  }
  const body = markThaiWordBoundariesUntil(texts.join('\n'), { deadline, now });
  if (!body.complete) reason = 'time';
  // Title, tags and author are short (at most a few hundred characters) and always indexed.
  const mark = (text: string) => markThaiWordBoundariesUntil(text).text;
  const content = [mark(source.title), body.text, mark(source.tags.join(' ')), mark(source.author)].filter(Boolean).join('\n');
  return {
    id: source.id,
    url: notePath(source.id),
    content,
    meta: {
      id: String(source.id),
      title: source.title,
      author: source.author,
      date: String(source.publishedAt),
      kind: source.kind,
      tags: source.tags.join(', '),
    },
    filters: {
      kind: [source.kind],
      author: [source.username],
      ...(source.tags.length ? { tag: source.tags } : {}),
      ...(source.communities.length ? { community: source.communities } : {}),
      ...(source.province ? { province: [source.province] } : {}),
      ...(source.eventId != null ? { event: [String(source.eventId)] } : {}),
    },
    ...(reason ? { truncated: { indexedChars: content.length, reason } } : {}),
  };
}
