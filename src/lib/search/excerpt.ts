/**
 * Excerpts for search results, cut from the note's own text so Thai stays unspaced as written,
 * with every match wrapped in <mark>.
 */
import { html, type SafeHtml } from '../html.ts';
import type { Range } from './match.ts';

const EXCERPT_CHARS = 180;

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

const words = new Intl.Segmenter('th', { granularity: 'word' });
/** How far a cut may move to land between words. */
const SNAP_CHARS = 24;

/** Moves `start` forward and `end` back to the nearest word boundaries (Thai has no spaces to cut at). */
function snapToWords(text: string, start: number, end: number): [number, number] {
  const from = Math.max(0, start - SNAP_CHARS);
  const boundaries = [...words.segment(text.slice(from, Math.min(text.length, end + SNAP_CHARS)))].map(({ index }) => from + index);
  const snappedStart = start === 0 ? 0 : (boundaries.find((at) => at >= start && at - start <= SNAP_CHARS) ?? start);
  const snappedEnd = end >= text.length ? text.length : (boundaries.findLast((at) => at <= end && end - at <= SNAP_CHARS) ?? end);
  return [snappedStart, Math.max(snappedStart, snappedEnd)];
}

/** An HTML excerpt of about `length` characters around the first match, cut between words, matches marked. */
export function buildExcerpt(text: string, ranges: Range[], length = EXCERPT_CHARS): string {
  const merged = mergeRanges(ranges);
  const first = merged[0]?.[0] ?? 0;
  const [start, end] = snapToWords(
    text,
    Math.max(0, Math.min(first, first - Math.floor(length / 3))),
    Math.min(text.length, Math.max(0, first - Math.floor(length / 3)) + length),
  );
  const pieces: SafeHtml[] = [];
  let at = start;
  for (const [from, to] of merged) {
    if (to <= start || from >= end) continue;
    const markFrom = Math.max(from, start);
    const markTo = Math.min(to, end);
    pieces.push(html`${text.slice(at, markFrom)}<mark>${text.slice(markFrom, markTo)}</mark>`);
    at = markTo;
  }
  return html`${start > 0 && '… '}${pieces}${text.slice(at, end)}${end < text.length && ' …'}`.value;
}
