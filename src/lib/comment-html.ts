/**
 * A note's comment threads as one HTML string. NOTE: this replaced three Astro components per
 * comment (thread, reply form, recursion): on a 50-comment page those cost ~2.5 ms of CPU per
 * request, most of a signed-in page. Every value is escaped; bodyHtml is already sanitised.
 */
import type { CommentView } from './server/comment.ts';
import { can } from './server/permissions.ts';
import type { SessionUser } from './server/user.ts';
import { formatThaiDateTime } from './thai-date.ts';
import { userPath } from './paths.ts';
import { LIMITS } from './validation.ts';
import { commentAppreciationHtml, type CommentAppreciation } from './reader-actions-html.ts';

const EDITED_AFTER_MS = 60_000;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string | number) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

interface ThreadContext {
  noteId: number;
  noteAuthorId: number;
  user: SessionUser | null;
  /** Appreciation counts of the note's comments and what this viewer gave. */
  appreciation: CommentAppreciation;
}

/** The reply form under a top-level comment (the markup of the note's own comment form, note-page-html.ts, for a reply). */
export function replyFormHtml(noteId: number, parentId: number): string {
  return `<form method="post" action="/notes/${noteId}#comments" class="form comment-form"><input type="hidden" name="parentId" value="${parentId}">`
    + `<div class="field"><label for="reply-${parentId}">ตอบความเห็นนี้</label><textarea id="reply-${parentId}" name="body" required maxlength="20000" rows="3"></textarea>`
    + '<p class="hint">เขียนด้วย Markdown ได้ เช่น **ตัวหนา** หรือ [ลิงก์](https://…)</p></div>'
    + '<div><button type="submit" class="primary">ส่งคำตอบ</button></div></form>';
}

/** The "report" disclosure. */
export function reportFormHtml(action: string, id: string, label: string): string {
  return `<details class="reply report"><summary>${escapeHtml(label)}</summary><form method="post" action="${escapeHtml(action)}" class="form">`
    + `<label for="${escapeHtml(id)}">เหตุผลที่รายงาน (เช่น สแปม โฆษณา ถ้อยคำไม่เหมาะสม ข้อมูลส่วนบุคคล)</label>`
    + `<textarea id="${escapeHtml(id)}" name="reason" required minlength="${LIMITS.reportReasonMin}" maxlength="${LIMITS.reportReasonMax}" rows="2"></textarea>`
    + '<div><button type="submit">ส่งรายงาน</button></div></form></details>';
}

function actionsHtml(comment: CommentView, ctx: ThreadContext, isReply: boolean): string {
  const { user } = ctx;
  const resource = { authorId: comment.author.id, noteAuthorId: ctx.noteAuthorId, pending: comment.pending, hidden: comment.hidden, hiddenByModerator: comment.hiddenByModerator };
  let html = comment.pending || comment.hidden ? '' : commentAppreciationHtml(user, comment, ctx.noteId, ctx.appreciation);
  if (user && !isReply && !comment.pending) html += `<details class="reply"><summary>ตอบ</summary>${replyFormHtml(ctx.noteId, comment.id)}</details>`;
  if (can(user, 'comment:edit', resource)) {
    html += `<details class="reply"><summary>แก้ไข</summary><form method="post" action="/comments/${comment.id}/edit" class="form">`
      + `<label class="visually-hidden" for="edit-${comment.id}">แก้ไขความเห็น</label>`
      + `<textarea id="edit-${comment.id}" name="body" required maxlength="20000" rows="3">${escapeHtml(comment.bodyMarkdown)}</textarea>`
      + '<div><button type="submit" class="primary">บันทึกการแก้ไข</button></div></form></details>';
  }
  if (can(user, 'comment:delete', resource)) {
    html += `<form method="post" action="/comments/${comment.id}/delete" class="inline-form"><button type="submit" class="link-button">ลบ</button></form>`;
  }
  if (can(user, comment.hidden ? 'comment:restore' : 'comment:hide', resource)) {
    html += `<form method="post" action="/comments/${comment.id}/${comment.hidden ? 'restore' : 'hide'}" class="inline-form">`
      + `<button type="submit" class="link-button">${comment.hidden ? 'เลิกซ่อน' : 'ซ่อน'}</button></form>`;
  }
  if (comment.pending && can(user, 'comment:approve', resource)) {
    html += `<form method="post" action="/comments/${comment.id}/approve" class="inline-form"><button type="submit" class="link-button">อนุมัติ</button></form>`;
  }
  if (can(user, 'comment:report', resource)) html += reportFormHtml(`/comments/${comment.id}/report`, `report-comment-${comment.id}`, 'รายงาน');
  return `<div class="comment-actions">${html}</div>`;
}

function commentHtml(comment: CommentView, ctx: ThreadContext, isReply: boolean): string {
  let html = `<div class="${comment.hidden ? 'comment comment-hidden' : 'comment'}" id="comment-${comment.id}" data-comment-id="${comment.id}">`;
  if (comment.deleted) {
    html += '<p class="muted">ความเห็นนี้ถูกลบแล้ว</p>';
  } else {
    const edited = comment.updatedAt.getTime() - comment.createdAt.getTime() > EDITED_AFTER_MS;
    html += `<div class="meta"><a href="${escapeHtml(userPath(comment.author.username))}">${escapeHtml(comment.author.displayName)}</a>`
      + `<time datetime="${comment.createdAt.toISOString()}">${escapeHtml(formatThaiDateTime(comment.createdAt))}</time>`
      + (edited ? '<span>(แก้ไขแล้ว)</span>' : '')
      + (comment.hidden ? '<span class="badge">ซ่อนอยู่</span>' : '')
      + (comment.pending ? '<span class="badge">รอการอนุมัติ</span>' : '')
      + `</div><div class="comment-body">${comment.bodyHtml}</div>${actionsHtml(comment, ctx, isReply)}`;
  }
  if (comment.replies.length > 0) html += `<div class="replies">${comment.replies.map((reply) => commentHtml(reply, ctx, true)).join('')}</div>`;
  return `${html}</div>`;
}

/** All threads of a note, as the viewer may act on them. */
export function renderCommentThreads(threads: CommentView[], ctx: ThreadContext): string {
  return threads.map((thread) => commentHtml(thread, ctx, false)).join('');
}
