/**
 * The personal slots of a note page: places that differ per viewer (header account links, the
 * note's action buttons, the comments with their buttons and forms). The anonymous page marks them;
 * the signed-in fast path cuts the cached page at the markers and fills them in per viewer.
 */
export const PERSONAL_SLOTS = ['nav', 'reader-actions', 'note-actions', 'comments'] as const;
export type PersonalSlot = (typeof PERSONAL_SLOTS)[number];
export const slotStart = (slot: PersonalSlot) => `<!--banthuek-personal:${slot}-->`;
export const slotEnd = (slot: PersonalSlot) => `<!--/banthuek-personal:${slot}-->`;

/** `html` between the markers of `slot` when `marked` (an anonymous page the cache may keep). */
export function inSlot(slot: PersonalSlot, html: string, marked: boolean): string {
  return marked ? `${slotStart(slot)}${html}${slotEnd(slot)}` : html;
}

/**
 * Cuts `html` around each personal slot: parts[0], slot 1, parts[1], slot 2, … Each marker must
 * occur exactly once and in order (a note or comment body cannot forge one: it would then occur
 * twice), otherwise null: the page is rendered fresh.
 */
export function splitAtSlots(html: string): string[] | null {
  const parts: string[] = [];
  let from = 0;
  for (const slot of PERSONAL_SLOTS) {
    const start = slotStart(slot);
    const end = slotEnd(slot);
    const at = html.indexOf(start);
    const endAt = html.indexOf(end);
    // Exactly once in the whole page (not just after the previous slot), start before end, in order.
    if (at < from || endAt < at || html.lastIndexOf(start) !== at || html.lastIndexOf(end) !== endAt) return null;
    parts.push(html.slice(from, at));
    from = endAt + end.length;
  }
  parts.push(html.slice(from));
  return parts;
}
