/**
 * A note's comments as this viewer may see and act on them, and the one comment form (top level
 * and replies). NOTE: strings, not Astro components: three components per comment cost ~2.5 ms of
 * CPU on a 50-comment page. Built with `html`, which escapes every value; bodies are sanitised.
 */
import { html, trustedHtml, type SafeHtml } from '../../html.ts';
import { avatarHtml } from '../../avatar.ts';
import { confirmFormHtml } from '../web/confirm-form.ts';
import { userPath } from '../../paths.ts';
import { formatThaiDateTime } from '../../thai-date.ts';
import { LIMITS } from '../../validation.ts';
import type { CommentView } from '../comment.ts';
import { can } from '../permissions.ts';
import type { SessionUser } from '../user.ts';
import { honeypotHtml } from '../web/honeypot.ts';
import { commentFragments, type CommentFragment } from '../caches.ts';
import { commentAppreciationHtml, type CommentAppreciation } from './reader-actions.ts';

const EDITED_AFTER_MS = 60_000;
/**
 * NOTE: the limit is in UTF-8 bytes and maxlength counts characters (a Thai character is 3 bytes),
 * so no maxlength can be exact; the byte count never blocks a valid comment, the server checks bytes.
 */
const COMMENT_MAXLENGTH = LIMITS.commentMaxBytes;
const AAR_COMMENT_TEMPLATE = 'AAR ของฉัน\n1. คาดหวังอะไร:\n2. ได้เกินคาด:\n3. ได้น้อยกว่าคาด เพราะ:\n4. จะนำไปทำต่ออย่างไร:';

interface CommentForm {
  noteId: number;
  /** The comment answered; none for a comment on the note itself. */
  parentId?: number;
  value?: string;
  error?: string;
  /** The text held a Thai ID number (422): offer the confirmation checkbox (personal-data-guard.ts). */
  acknowledge?: boolean;
  isAar?: boolean;
}

/** The comment form under a note, or under a top-level comment as a reply. */
export function commentFormHtml(form: CommentForm): SafeHtml {
  const reply = form.parentId !== undefined;
  const id = reply ? `reply-${form.parentId}` : 'comment-body';
  const label = reply ? 'ตอบความเห็นนี้' : form.isAar ? 'เพิ่ม AAR ของคุณในฐานะผู้เข้าร่วม หรือแสดงความเห็น' : 'แสดงความเห็น';
  const placeholder = form.isAar && !reply && html` placeholder="${AAR_COMMENT_TEMPLATE}"`;
  return html`<form method="post" action="/notes/${form.noteId}#comments" class="form comment-form">${[
    reply && html`<input type="hidden" name="parentId" value="${form.parentId!}">`,
    honeypotHtml(`${id}-website`),
    html`<div class="${form.error ? 'field has-error' : 'field'}"><label for="${id}">${label}</label>`,
    html`<textarea id="${id}" name="body" required maxlength="${COMMENT_MAXLENGTH}" rows="${reply ? 3 : 5}" data-mention-suggest${placeholder}>${form.value ?? ''}</textarea>`,
    html`<p class="hint">เขียนด้วย Markdown ได้ เช่น **ตัวหนา** หรือ [ลิงก์](https://…)</p>`,
    form.error && html`<p class="field-error" role="alert">${form.error}</p>`,
    form.acknowledge &&
      html`<label class="personal-data-confirm"><input type="checkbox" name="acknowledgePersonalData" value="on"> ยืนยันว่าเผยแพร่ข้อมูลส่วนบุคคลนี้ได้</label>`,
  ]}</div><div><button type="submit" class="primary">${reply ? 'ส่งคำตอบ' : 'ส่งความเห็น'}</button></div></form>`;
}

/** The "report" disclosure under a note or a comment. */
export function reportFormHtml(action: string, id: string, label: string): SafeHtml {
  return html`<details class="reply report"><summary>${label}</summary><form method="post" action="${action}" class="form"><label for="${id}">เหตุผลที่รายงาน (เช่น สแปม โฆษณา ถ้อยคำไม่เหมาะสม ข้อมูลส่วนบุคคล)</label><textarea id="${id}" name="reason" required minlength="${LIMITS.reportReasonMin}" maxlength="${LIMITS.reportReasonMax}" rows="2"></textarea><div><button type="submit">ส่งรายงาน</button></div></form></details>`;
}

interface ThreadContext {
  noteId: number;
  noteAuthorId: number;
  user: SessionUser | null;
  /** Appreciation counts of the note's comments and what this viewer gave (reader-actions.ts). */
  appreciation: CommentAppreciation;
  /** Set on a question (issue 26): its accepted answer's comment id, or null while none is. */
  question?: { acceptedAnswerId: number | null };
}

/** What this viewer may do with one comment: decided once, and part of its fragment's key. */
interface CommentPermissions {
  appreciate: boolean;
  reply: boolean;
  edit: boolean;
  delete: boolean;
  restore: boolean;
  hide: boolean;
  approve: boolean;
  report: boolean;
  /** A question's answer the viewer may accept (the asker, a moderator); `accepted`: it is the one. */
  accept: boolean;
  accepted: boolean;
}

function permissionsFor(comment: CommentView, ctx: ThreadContext, isReply: boolean): CommentPermissions {
  const { user } = ctx;
  const resource = {
    authorId: comment.author.id,
    noteAuthorId: ctx.noteAuthorId,
    pending: comment.pending,
    hidden: comment.hidden,
    hiddenByModerator: comment.hiddenByModerator,
  };
  return {
    appreciate: can(user, 'appreciate', { authorId: comment.author.id }),
    reply: user !== null && !isReply && !comment.pending,
    edit: can(user, 'comment:edit', resource),
    delete: can(user, 'comment:delete', resource),
    restore: comment.hidden && can(user, 'comment:restore', resource),
    hide: !comment.hidden && can(user, 'comment:hide', resource),
    approve: comment.pending && can(user, 'comment:approve', resource),
    report: can(user, 'comment:report', resource),
    accept:
      !!ctx.question &&
      !comment.deleted &&
      !comment.hidden &&
      !comment.pending &&
      can(user, 'question:accept', { authorId: ctx.noteAuthorId }),
    accepted: ctx.question?.acceptedAnswerId === comment.id,
  };
}

function actionsHtml(comment: CommentView, ctx: ThreadContext, may: CommentPermissions): SafeHtml {
  const id = comment.id;
  return html`<div class="comment-actions">${[
    !comment.pending && !comment.hidden && commentAppreciationHtml(ctx.user, comment, ctx.noteId, ctx.appreciation),
    may.reply && html`<details class="reply"><summary>ตอบ</summary>${commentFormHtml({ noteId: ctx.noteId, parentId: id })}</details>`,
    may.edit &&
      html`<details class="reply"><summary>แก้ไข</summary><form method="post" action="/comments/${id}/edit" class="form"><label class="visually-hidden" for="edit-${id}">แก้ไขความเห็น</label><textarea id="edit-${id}" name="body" required maxlength="${COMMENT_MAXLENGTH}" rows="3">${comment.bodyMarkdown}</textarea><div><button type="submit" class="primary">บันทึกการแก้ไข</button></div></form></details>`,
    may.delete && confirmFormHtml(`/comments/${id}/delete`, 'ลบ', { buttonClass: 'link-button' }),
    may.restore &&
      html`<form method="post" action="/comments/${id}/restore" class="inline-form"><button type="submit" class="link-button">เลิกซ่อน</button></form>`,
    may.hide && confirmFormHtml(`/comments/${id}/hide`, 'ซ่อน', { buttonClass: 'link-button' }),
    may.approve &&
      html`<form method="post" action="/comments/${id}/approve" class="inline-form"><button type="submit" class="link-button">อนุมัติ</button></form>`,
    may.report && reportFormHtml(`/comments/${id}/report`, `report-comment-${id}`, 'รายงาน'),
    may.accept && acceptFormHtml(ctx.noteId, id, may.accepted),
  ]}</div>`;
}

/** The asker's button under an answer: accept it, or take the choice back (pages/notes/[id]/accepted-answer.ts). */
function acceptFormHtml(noteId: number, commentId: number, accepted: boolean): SafeHtml {
  return html`<form method="post" action="/notes/${noteId}/accepted-answer" class="inline-form accept-form">${
    accepted
      ? html`<input type="hidden" name="action" value="withdraw"><button type="submit" class="link-button">ยกเลิกการเลือกคำตอบนี้</button>`
      : html`<input type="hidden" name="commentId" value="${commentId}"><button type="submit" class="link-button" data-accept-answer="${commentId}">เลือกเป็นคำตอบที่ใช่</button>`
  }</form>`;
}

/** The comment's own HTML, from its opening tag to its actions: everything but its replies and closing tag. */
function commentOwnHtml(comment: CommentView, ctx: ThreadContext, may: CommentPermissions): string {
  const edited = comment.updatedAt.getTime() - comment.createdAt.getTime() > EDITED_AFTER_MS;
  const body = comment.deleted
    ? html`<p class="muted">ความเห็นนี้ถูกลบแล้ว</p>${
        comment.undoable &&
        html`<div class="notice undo-notice" role="status"><span>ลบความเห็นแล้ว</span><form method="post" action="/comments/${comment.id}/undelete" class="inline-form"><button type="submit">เลิกทำ</button></form></div>`
      }`
    : html`<div class="meta">${trustedHtml(avatarHtml(comment.author, 'tiny'))}<a href="${userPath(comment.author.username)}">${comment.author.displayName}</a><time datetime="${comment.createdAt.toISOString()}">${formatThaiDateTime(comment.createdAt)}</time>${[
        edited && html`<span>(แก้ไขแล้ว)</span>`,
        comment.hidden && html`<span class="badge">ซ่อนอยู่</span>`,
        comment.pending && html`<span class="badge">รอการอนุมัติ</span>`,
        may.accepted && !comment.hidden && html`<span class="badge badge-accepted">คำตอบที่ผู้ถามเลือก</span>`,
      ]}</div><div class="comment-body">${trustedHtml(comment.bodyHtml)}</div>${actionsHtml(comment, ctx, may)}`;
  return html`<div class="${comment.hidden ? 'comment comment-hidden' : 'comment'}" id="comment-${comment.id}" data-comment-id="${comment.id}">${body}`
    .value;
}

/**
 * The comment's own HTML from the cache (caches.ts commentFragments), rendered on a miss. The key
 * holds the short inputs of commentOwnHtml (numbers and flags first, so the names after them cannot
 * make two different comments' keys equal); the long ones (the Markdown in the edit box, the body's
 * HTML) are kept in the entry and compared, so a changed body is a miss exactly as if it were part of
 * the key. Joining and hashing ~100 KB of bodies into keys on every view was 10% of a signed-in note
 * view's CPU (decision 2701).
 */
function commentFragment(comment: CommentView, ctx: ThreadContext, isReply: boolean): CommentFragment {
  const may = permissionsFor(comment, ctx, isReply);
  const { author } = comment;
  const key = [
    ctx.noteId,
    comment.id,
    ctx.user === null ? 0 : 1,
    Object.values(may).map(Number).join(''),
    [comment.deleted, comment.undoable, comment.hidden, comment.pending].map(Number).join(''),
    ctx.appreciation.given.has(comment.id) ? 1 : 0,
    ctx.appreciation.counts.get(comment.id) ?? 0,
    comment.createdAt.getTime(),
    comment.updatedAt.getTime(),
    author.avatarUploadId ?? '',
    author.username,
    author.displayName,
  ].join('\0');
  const markdown = may.edit ? comment.bodyMarkdown : '';
  let fragment = commentFragments.get(key);
  if (!fragment || fragment.bodyHtml !== comment.bodyHtml || fragment.markdown !== markdown) {
    const own = commentOwnHtml(comment, ctx, may);
    commentFragments.set(key, (fragment = { html: own, bytes: Buffer.from(own), bodyHtml: comment.bodyHtml, markdown }));
  }
  return fragment;
}

/**
 * A thread as pieces of HTML in page order: each comment's fragment (cached, see above), and the
 * markup around its replies. Pieces rather than one string: the signed-in fast path sends the
 * fragments' cached bytes instead of encoding ~100 KB of comments per view.
 */
function commentPieces(comment: CommentView, ctx: ThreadContext, isReply: boolean, out: (CommentFragment | string)[]): void {
  out.push(commentFragment(comment, ctx, isReply));
  if (comment.replies.length > 0) {
    out.push('<div class="replies">');
    for (const reply of comment.replies) commentPieces(reply, ctx, true, out);
    out.push('</div>');
  }
  out.push('</div>');
}

/** All threads of a note as pieces of HTML (see commentPieces), as the viewer may act on them. */
export function commentThreadPieces(threads: CommentView[], ctx: ThreadContext): (CommentFragment | string)[] {
  const out: (CommentFragment | string)[] = [];
  for (const thread of threads) commentPieces(thread, ctx, false, out);
  return out;
}
