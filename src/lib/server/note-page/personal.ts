/**
 * The personal parts of a note page: the header's account links, the note's action buttons, and the
 * comments section (threads, then the comment form or a sign-in prompt). The Astro route and the
 * server's signed-in fast path (src/server/signed-in-note.ts) both render them with these
 * functions, so the spliced page is byte for byte what Astro renders for that member (tested).
 */
import { html, trustedHtml, type SafeHtml } from '../../html.ts';
import type { CommentFragment } from '../caches.ts';
import { notePath } from '../../paths.ts';
import type { CommentView } from '../comment.ts';
import { can } from '../permissions.ts';
import type { SessionUser } from '../user.ts';
import { getWatchState, type WatchState } from '../watch.ts';
import { commentFormHtml, commentThreadPieces, reportFormHtml } from './comments.ts';
import { confirmFormHtml } from '../web/confirm-form.ts';
import type { CommentAppreciation } from './reader-actions.ts';

export interface NoteForActions {
  id: number;
  author: { id: number };
  status: 'draft' | 'published';
  hidden: boolean;
  /** Questions (issue 26) offer their asker an "accept this answer" button under each answer. */
  kind?: string;
  acceptedAnswerId?: number | null;
}

/** Edit/delete (author), hide/restore (moderators), report (other members) under a note. */
export function noteActionsHtml(user: SessionUser | null, note: NoteForActions, editPath: string): SafeHtml {
  const path = notePath(note.id);
  const canEdit = can(user, 'note:edit', { authorId: note.author.id });
  const canDelete = can(user, 'note:delete', { authorId: note.author.id });
  const resource = { authorId: note.author.id, status: note.status, hidden: note.hidden };
  return html`${[
    (canEdit || canDelete) &&
      html`<div class="comment-actions">${canEdit && html`<a class="button" href="${editPath}">แก้ไขบันทึก</a>`}${canDelete && confirmFormHtml(`${path}/delete`, 'ลบบันทึก', { buttonClass: 'danger' })}</div>`,
    can(user, 'note:hide', resource) &&
      (note.hidden
        ? html`<form method="post" action="${path}/restore" class="inline-form"><button type="submit">เลิกซ่อนบันทึก</button></form>`
        : confirmFormHtml(`${path}/hide`, 'ซ่อนบันทึก (ผู้ดูแล)', { buttonClass: 'danger' })),
    can(user, 'note:report', resource) && reportFormHtml(`${path}/report`, 'report-note', 'รายงานบันทึกนี้'),
  ]}`;
}

interface CommentsContext {
  user: SessionUser | null;
  note: NoteForActions;
  isAar: boolean;
  appreciation: CommentAppreciation;
  /** What the comment box holds and the error under it after a failed post. */
  value?: string;
  error?: string;
  acknowledge?: boolean;
}

/** The "ติดตามความเห็น" button: watch a note's new comments, or stop (mute) them. */
function watchFormHtml(noteId: number, state: WatchState): SafeHtml {
  const watching = state === 'watching';
  const hint = watching
    ? 'คุณติดตามความเห็นในบันทึกนี้ จะได้รับแจ้งเมื่อมีความเห็นใหม่'
    : state === 'muted'
      ? 'ปิดการแจ้งความเห็นใหม่ของบันทึกนี้แล้ว'
      : 'รับแจ้งเมื่อมีความเห็นใหม่ในบันทึกนี้';
  return html`<form method="post" action="/notes/${noteId}/watch" class="inline-form watch-form" id="watch" data-watch="${state}"><input type="hidden" name="action" value="${watching ? 'mute' : 'watch'}"><button type="submit" aria-pressed="${String(watching)}">${watching ? 'เลิกติดตามความเห็น' : 'ติดตามความเห็น'}</button> <span class="hint">${hint}</span></form>`;
}

/**
 * The comments section as pieces of HTML in page order (the comments' cached fragments, then the
 * watch button and the comment form or a sign-in prompt); commentsHtml joins them. The signed-in
 * fast path sends the pieces' bytes without joining them.
 */
export function commentsPieces(threads: CommentView[], ctx: CommentsContext): (CommentFragment | string)[] {
  const { user, note } = ctx;
  const open = note.status === 'published' && !note.hidden;
  return [
    ...(threads.length === 0 ? ['<p class="muted">ยังไม่มีความเห็น ร่วมแลกเปลี่ยนเป็นคนแรก</p>'] : []),
    ...commentThreadPieces(threads, {
      noteId: note.id,
      noteAuthorId: note.author.id,
      user,
      appreciation: ctx.appreciation,
      question: note.kind === 'question' ? { acceptedAnswerId: note.acceptedAnswerId ?? null } : undefined,
    }),
    html`${[
      open && user && watchFormHtml(note.id, getWatchState(user.id, note.id)),
      open &&
        user &&
        commentFormHtml({ noteId: note.id, value: ctx.value, error: ctx.error, acknowledge: ctx.acknowledge, isAar: ctx.isAar }),
      open &&
        !user &&
        html`<p class="notice"><a href="/login?next=${encodeURIComponent(notePath(note.id) + '#comments')}">เข้าสู่ระบบ</a> เพื่อแสดงความเห็น</p>`,
    ]}`.value,
  ];
}

/** The comments as this viewer may see and act on them, then the comment form (or a sign-in prompt). */
export function commentsHtml(threads: CommentView[], ctx: CommentsContext): SafeHtml {
  return trustedHtml(
    commentsPieces(threads, ctx)
      .map((piece) => (typeof piece === 'string' ? piece : piece.html))
      .join(''),
  );
}
