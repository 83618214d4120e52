/**
 * Excerpts for search results, cut from the note's own text so Thai stays unspaced as written,
 * with every match wrapped in <mark>.
 */
import type { Range } from './match.ts';

export const EXCERPT_CHARS = 180;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * An HTML excerpt of about `length` characters around the first match, matches marked.
 * The window starts at a space when one is near, so it does not begin mid-word.
 */
export function buildExcerpt(text: string, ranges: Range[], length = EXCERPT_CHARS): string {
  const merged = mergeRanges(ranges);
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  const space = start > 0 ? text.indexOf(' ', start) : -1;
  if (space !== -1 && space < first && space - start <= 20) start = space + 1;
  const end = Math.min(text.length, start + length);
  let html = start > 0 ? '… ' : '';
  let at = start;
  for (const [from, to] of merged) {
    if (to <= start || from >= end) continue;
    const markFrom = Math.max(from, start);
    const markTo = Math.min(to, end);
    html += escapeHtml(text.slice(at, markFrom)) + '<mark>' + escapeHtml(text.slice(markFrom, markTo)) + '</mark>';
    at = markTo;
  }
  html += escapeHtml(text.slice(at, end));
  return end < text.length ? `${html} …` : html;
}
