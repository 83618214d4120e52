/**
 * The reader's buttons on a note page as HTML strings: appreciation (ให้กำลังใจ) on the note and
 * on comments, and "เก็บไว้อ่าน". The counts are shared (cached with the page, versioned by
 * render_version); whether this member gave or saved is personal: the note's buttons sit in the
 * `reader-actions` slot (note-page-html.ts), the comments' inside the comments slot.
 * Every button is a form post (works without JavaScript); src/scripts/note-page.ts upgrades them
 * to the JSON API at "/api" + the form's action. Anonymous readers get links to sign in that come back to the same place.
 */
import { escapeHtml } from './comment-html.ts';
import { can } from './server/permissions.ts';
import type { SessionUser } from './server/user.ts';
import { notePath } from './paths.ts';

const loginHref = (next: string) => `/login?next=${encodeURIComponent(next)}`;
/** Thai digit grouping, made once: toLocaleString('th-TH') builds a formatter on every call (~15 µs, 50 per page). */
const NUMBER = new Intl.NumberFormat('th-TH');

/** The note's shared count, outside any slot: `<span id="appreciation-count">`. */
export function noteAppreciationCountHtml(count: number): string {
  return `<span class="appreciation-count" id="appreciation-count" data-appreciation-count>${NUMBER.format(count)}</span> คนให้กำลังใจบันทึกนี้`;
}

export interface ReaderState {
  /** This member gave appreciation to the note. */
  given: boolean;
  /** This member saved the note to /saved. */
  bookmarked: boolean;
}

/** The note's appreciation and bookmark buttons for this viewer (the personal part). */
export function readerActionsHtml(user: SessionUser | null, note: { id: number; author: { id: number } }, state: ReaderState): string {
  const path = notePath(note.id);
  if (!user) {
    const back = loginHref(`${path}#appreciation`);
    return `<a class="button appreciate-button" href="${escapeHtml(back)}">ให้กำลังใจ</a><a class="button" href="${escapeHtml(back)}">เก็บไว้อ่าน</a>`;
  }
  let html = '';
  if (can(user, 'appreciate', { authorId: note.author.id })) {
    html += `<form method="post" action="${path}/appreciation" class="inline-form appreciation">`
      + `<input type="hidden" name="give" value="${state.given ? '0' : '1'}">`
      + `<button type="submit" class="${state.given ? 'appreciate-button given' : 'appreciate-button primary'}" aria-pressed="${state.given}">${state.given ? 'ให้กำลังใจแล้ว' : 'ให้กำลังใจ'}</button></form>`;
  }
  if (can(user, 'bookmark')) {
    html += `<form method="post" action="${path}/bookmark" class="inline-form bookmark">`
      + `<input type="hidden" name="save" value="${state.bookmarked ? '0' : '1'}">`
      + `<button type="submit" aria-pressed="${state.bookmarked}">${state.bookmarked ? 'เก็บไว้แล้ว' : 'เก็บไว้อ่าน'}</button></form>`;
  }
  return html;
}

export interface CommentAppreciation {
  /** Counts per comment id (absent = 0). */
  counts: Map<number, number>;
  /** Comment ids this viewer appreciated. */
  given: Set<number>;
}

/**
 * A visible comment's count and, for a member who is not its author, the button. NOTE: kept short:
 * a signed-in page renders this for every comment on every view (50 comments: ~15 KB more HTML).
 */
export function commentAppreciationHtml(user: SessionUser | null, comment: { id: number; author: { id: number } }, noteId: number, appreciation: CommentAppreciation): string {
  const countHtml = `<span data-appreciation-count>${NUMBER.format(appreciation.counts.get(comment.id) ?? 0)}</span>`;
  if (!user) {
    return `<span class="appreciation"><a href="${escapeHtml(loginHref(`${notePath(noteId)}#comment-${comment.id}`))}">ให้กำลังใจ</a> ${countHtml}</span>`;
  }
  if (!can(user, 'appreciate', { authorId: comment.author.id })) return `<span class="appreciation">ได้รับกำลังใจ ${countHtml}</span>`;
  // The button carries the field (give=0/1) itself, and form.appreciation button is styled as a link: no extra attributes per comment.
  return appreciation.given.has(comment.id)
    ? `<form method="post" action="/comments/${comment.id}/appreciation" class="appreciation"><button name="give" value="0" class="given" aria-pressed="true">ให้กำลังใจแล้ว</button> ${countHtml}</form>`
    : `<form method="post" action="/comments/${comment.id}/appreciation" class="appreciation"><button name="give" value="1" aria-pressed="false">ให้กำลังใจ</button> ${countHtml}</form>`;
}
