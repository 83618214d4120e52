/**
 * The personal parts of a note page as HTML strings: the header's account links, the note's action
 * buttons, and the comments list with its form. The page renders them with these functions, and the
 * server's signed-in fast path (scripts/lib/http/signed-in-note.ts) splices the same strings into
 * the cached shared page between the PERSONAL_SLOT markers, so both paths give the same bytes.
 * Every value is escaped; bodyHtml is already sanitised.
 */
import { escapeHtml, renderCommentThreads, reportFormHtml } from './comment-html.ts';
import type { CommentAppreciation } from './reader-actions-html.ts';
import type { CommentView } from './server/comment.ts';
import { HONEYPOT_FIELD } from './server/honeypot.ts';
import { can } from './server/permissions.ts';
import type { SessionUser } from './server/user.ts';
import { notePath } from './paths.ts';

/** Slots in the anonymous page, in page order; the server splits the cached page at these markers. */
export const PERSONAL_SLOTS = ['nav', 'reader-actions', 'note-actions', 'comments'] as const;
export type PersonalSlot = (typeof PERSONAL_SLOTS)[number];
export const slotStart = (slot: PersonalSlot) => `<!--banthuek-personal:${slot}-->`;
export const slotEnd = (slot: PersonalSlot) => `<!--/banthuek-personal:${slot}-->`;

export const AAR_COMMENT_TEMPLATE = 'AAR ของฉัน\n1. คาดหวังอะไร:\n2. ได้เกินคาด:\n3. ได้น้อยกว่าคาด เพราะ:\n4. จะนำไปทำต่ออย่างไร:';

/** The links inside the header's account nav. `loginNext` is where the login link returns to. */
export function accountNavHtml(user: SessionUser | null, unread: number, loginNext: string): string {
  if (!user) return `<a href="/login?next=${escapeHtml(encodeURIComponent(loginNext))}">เข้าสู่ระบบ</a><a class="button primary" href="/register">สมัครสมาชิก</a>`;
  const label = unread > 0 ? `การแจ้งเตือน ยังไม่ได้อ่าน ${unread} รายการ` : 'การแจ้งเตือน';
  return '<a class="button primary" href="/notes/new">เขียนบันทึก</a><a href="/feed">ฟีดของฉัน</a>'
    + `<a href="/notifications" id="notifications-link" aria-label="${escapeHtml(label)}">แจ้งเตือน${unread > 0 ? ` <span class="unread-badge" id="unread-count">${unread}</span>` : ''}</a>`
    + `<a href="/u/${escapeHtml(user.username)}">${escapeHtml(user.displayName)}</a>`
    + (can(user, 'moderate') ? '<a href="/moderation">คิวตรวจสอบ</a>' : '')
    + '<a href="/saved">เก็บไว้อ่าน</a><a href="/settings">ตั้งค่า</a><form method="post" action="/logout" class="inline-form"><button type="submit" class="link-button">ออกจากระบบ</button></form>';
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
      + (canDelete ? `<form method="post" action="${escapeHtml(path)}/delete" class="inline-form"><button type="submit" class="danger">ลบบันทึก</button></form>` : '')
      + '</div>';
  }
  if (can(user, 'note:hide', resource)) {
    html += `<form method="post" action="${escapeHtml(path)}/${note.hidden ? 'restore' : 'hide'}" class="inline-form">`
      + `<button type="submit" class="danger">${note.hidden ? 'เลิกซ่อนบันทึก' : 'ซ่อนบันทึก (ผู้ดูแล)'}</button></form>`;
  }
  if (can(user, 'note:report', resource)) html += reportFormHtml(`${path}/report`, 'report-note', 'รายงานบันทึกนี้');
  return html;
}

interface CommentsContext {
  user: SessionUser | null;
  note: NoteForActions;
  isAar: boolean;
  appreciation: CommentAppreciation;
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
  html += renderCommentThreads(threads, { noteId: note.id, noteAuthorId: note.author.id, user, appreciation: ctx.appreciation });
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
