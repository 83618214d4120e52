/**
 * The personal parts of a note page as HTML strings: the header's account links, the note's action
 * buttons, and the comments list with its form. The page renders them with these functions, and the
 * server's signed-in fast path (scripts/lib/http/signed-in-note.ts) splices the same strings into
 * the cached shared page between the PERSONAL_SLOT markers, so both paths give the same bytes.
 * Every value is escaped; bodyHtml is already sanitised.
 */
import { confirmFormHtml, escapeHtml, renderCommentThreads, reportFormHtml } from './comment-html.ts';
import type { CommentView } from './server/comment.ts';
import { HONEYPOT_FIELD } from './server/honeypot.ts';
import { can } from './server/permissions.ts';
import type { SessionUser } from './server/user.ts';
import { notePath } from './paths.ts';

/** Slots in the anonymous page, in page order; the server splits the cached page at these markers. */
export const PERSONAL_SLOTS = ['nav', 'note-actions', 'comments'] as const;
export type PersonalSlot = (typeof PERSONAL_SLOTS)[number];
export const slotStart = (slot: PersonalSlot) => `<!--banthuek-personal:${slot}-->`;
export const slotEnd = (slot: PersonalSlot) => `<!--/banthuek-personal:${slot}-->`;

export const AAR_COMMENT_TEMPLATE = 'AAR ของฉัน\n1. คาดหวังอะไร:\n2. ได้เกินคาด:\n3. ได้น้อยกว่าคาด เพราะ:\n4. จะนำไปทำต่ออย่างไร:';

/**
 * The links inside the header's account nav. `loginNext` is where the login link returns to;
 * `queued` is what waits in the moderation queue (moderators only).
 * NOTE: counts are visible text plus visually hidden words, never an aria-label: a label that does
 * not start with the visible text fails WCAG 2.5.3 (axe: label-content-name-mismatch).
 */
export function accountNavHtml(user: SessionUser | null, unread: number, loginNext: string, queued = 0): string {
  if (!user) return `<a href="/login?next=${escapeHtml(encodeURIComponent(loginNext))}">เข้าสู่ระบบ</a><a class="button primary" href="/register">สมัครสมาชิก</a>`;
  const count = (n: number, id: string, words: string) =>
    n > 0 ? ` <span class="unread-badge"><span id="${id}">${n}</span><span class="visually-hidden"> ${words}</span></span>` : '';
  return '<a class="button primary" href="/notes/new">เขียนบันทึก</a><a href="/feed">ฟีดของฉัน</a>'
    + `<a href="/notifications" id="notifications-link">แจ้งเตือน${count(unread, 'unread-count', 'รายการที่ยังไม่ได้อ่าน')}</a>`
    + `<a href="/u/${escapeHtml(user.username)}">${escapeHtml(user.displayName)}</a>`
    + (can(user, 'moderate') ? `<a href="/moderation" id="moderation-link">คิวตรวจสอบ${count(queued, 'queue-count', 'รายการรอตรวจสอบ')}</a>` : '')
    + '<a href="/settings">ตั้งค่า</a><form method="post" action="/logout" class="inline-form"><button type="submit" class="link-button">ออกจากระบบ</button></form>';
}

interface NoteForActions {
  id: number;
  author: { id: number };
  status: 'draft' | 'published';
  hidden: boolean;
}

/** Edit/delete (author), hide/restore (moderators), report (other members) under a note. */
export function noteActionsHtml(user: SessionUser | null, note: NoteForActions, editPath: string): string {
  const path = notePath(note.id);
  const canEdit = can(user, 'note:edit', { authorId: note.author.id });
  const canDelete = can(user, 'note:delete', { authorId: note.author.id });
  const resource = { authorId: note.author.id, status: note.status, hidden: note.hidden };
  let html = '';
  if (canEdit || canDelete) {
    html += '<div class="comment-actions">'
      + (canEdit ? `<a class="button" href="${escapeHtml(editPath)}">แก้ไขบันทึก</a>` : '')
      + (canDelete ? confirmFormHtml(`${path}/delete`, 'ลบบันทึก', 'danger') : '')
      + '</div>';
  }
  if (can(user, 'note:hide', resource)) {
    html += note.hidden
      ? `<form method="post" action="${escapeHtml(path)}/restore" class="inline-form"><button type="submit">เลิกซ่อนบันทึก</button></form>`
      : confirmFormHtml(`${path}/hide`, 'ซ่อนบันทึก (ผู้ดูแล)', 'danger');
  }
  if (can(user, 'note:report', resource)) html += reportFormHtml(`${path}/report`, 'report-note', 'รายงานบันทึกนี้');
  return html;
}

interface CommentsContext {
  user: SessionUser | null;
  note: NoteForActions;
  isAar: boolean;
  /** What the comment box holds and the error under it after a failed post. */
  value?: string;
  error?: string;
}

/** The comment form under a note (top level; replies are in comment-html.ts). */
function commentFormHtml(noteId: number, value: string, error: string | undefined, isAar: boolean): string {
  const label = isAar ? 'เพิ่ม AAR ของคุณในฐานะผู้เข้าร่วม หรือแสดงความเห็น' : 'แสดงความเห็น';
  return `<form method="post" action="/notes/${noteId}#comments" class="form comment-form">`
    + `<div class="honeypot" aria-hidden="true"><label for="comment-body-website">เว้นช่องนี้ว่างไว้</label><input id="comment-body-website" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" value=""></div>`
    + `<div class="${error ? 'field has-error' : 'field'}"><label for="comment-body">${label}</label>`
    + `<textarea id="comment-body" name="body" required maxlength="20000" rows="5"${isAar ? ` placeholder="${escapeHtml(AAR_COMMENT_TEMPLATE)}"` : ''}>${escapeHtml(value)}</textarea>`
    + '<p class="hint">เขียนด้วย Markdown ได้ เช่น **ตัวหนา** หรือ [ลิงก์](https://…)</p>'
    + (error ? `<p class="field-error" role="alert">${escapeHtml(error)}</p>` : '')
    + '</div><div><button type="submit" class="primary">ส่งความเห็น</button></div></form>';
}

/** The comments as this viewer may see and act on them, then the comment form (or a sign-in prompt). */
export function commentsHtml(threads: CommentView[], ctx: CommentsContext): string {
  const { user, note } = ctx;
  let html = threads.length === 0 ? '<p class="muted">ยังไม่มีความเห็น ร่วมแลกเปลี่ยนเป็นคนแรก</p>' : '';
  html += renderCommentThreads(threads, { noteId: note.id, noteAuthorId: note.author.id, user });
  if (note.status === 'published' && !note.hidden) {
    html += user
      ? commentFormHtml(note.id, ctx.value ?? '', ctx.error, ctx.isAar)
      : `<p class="notice"><a href="/login?next=${escapeHtml(encodeURIComponent(notePath(note.id) + '#comments'))}">เข้าสู่ระบบ</a> เพื่อแสดงความเห็น</p>`;
  }
  return html;
}

/** `html` between the markers of `slot` when `marked` (an anonymous page the cache may keep). */
export function inSlot(slot: PersonalSlot, html: string, marked: boolean): string {
  return marked ? `${slotStart(slot)}${html}${slotEnd(slot)}` : html;
}
