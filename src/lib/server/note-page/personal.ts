/**
 * The personal parts of a note page: the header's account links, the note's action buttons, and the
 * comments section (threads, then the comment form or a sign-in prompt). The Astro route and the
 * server's signed-in fast path (src/server/signed-in-note.ts) both render them with these
 * functions, so the spliced page is byte for byte what Astro renders for that member (tested).
 */
import { html, type SafeHtml } from '../../html.ts';
import { notePath } from '../../paths.ts';
import type { CommentView } from '../comment.ts';
import { can } from '../permissions.ts';
import type { SessionUser } from '../user.ts';
import { commentFormHtml, commentThreadsHtml, reportFormHtml } from './comments.ts';
import type { CommentAppreciation } from './reader-actions.ts';

/** The links inside the header's account nav. `loginNext` is where the login link returns to. */
export function accountNavHtml(user: SessionUser | null, unread: number, loginNext: string): SafeHtml {
  if (!user)
    return html`<a href="/login?next=${encodeURIComponent(loginNext)}">เข้าสู่ระบบ</a><a class="button primary" href="/register">สมัครสมาชิก</a>`;
  const label = unread > 0 ? `การแจ้งเตือน ยังไม่ได้อ่าน ${unread} รายการ` : 'การแจ้งเตือน';
  return html`<a class="button primary" href="/notes/new">เขียนบันทึก</a><a href="/feed">ฟีดของฉัน</a><a href="/notifications" id="notifications-link" aria-label="${label}">แจ้งเตือน${unread > 0 && html` <span class="unread-badge" id="unread-count">${unread}</span>`}</a><a href="/u/${user.username}">${user.displayName}</a>${can(user, 'moderate') && html`<a href="/moderation">คิวตรวจสอบ</a>`}<a href="/saved">เก็บไว้อ่าน</a><a href="/settings">ตั้งค่า</a><form method="post" action="/logout" class="inline-form"><button type="submit" class="link-button">ออกจากระบบ</button></form>`;
}

export interface NoteForActions {
  id: number;
  author: { id: number };
  status: 'draft' | 'published';
  hidden: boolean;
}

/** Edit/delete (author), hide/restore (moderators), report (other members) under a note. */
export function noteActionsHtml(user: SessionUser | null, note: NoteForActions, editPath: string): SafeHtml {
  const path = notePath(note.id);
  const canEdit = can(user, 'note:edit', { authorId: note.author.id });
  const canDelete = can(user, 'note:delete', { authorId: note.author.id });
  const resource = { authorId: note.author.id, status: note.status, hidden: note.hidden };
  return html`${[
    (canEdit || canDelete) &&
      html`<div class="comment-actions">${canEdit && html`<a class="button" href="${editPath}">แก้ไขบันทึก</a>`}${canDelete && html`<form method="post" action="${path}/delete" class="inline-form"><button type="submit" class="danger">ลบบันทึก</button></form>`}</div>`,
    can(user, 'note:hide', resource) &&
      html`<form method="post" action="${path}/${note.hidden ? 'restore' : 'hide'}" class="inline-form"><button type="submit" class="danger">${note.hidden ? 'เลิกซ่อนบันทึก' : 'ซ่อนบันทึก (ผู้ดูแล)'}</button></form>`,
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
}

/** The comments as this viewer may see and act on them, then the comment form (or a sign-in prompt). */
export function commentsHtml(threads: CommentView[], ctx: CommentsContext): SafeHtml {
  const { user, note } = ctx;
  const open = note.status === 'published' && !note.hidden;
  return html`${[
    threads.length === 0 && html`<p class="muted">ยังไม่มีความเห็น ร่วมแลกเปลี่ยนเป็นคนแรก</p>`,
    commentThreadsHtml(threads, { noteId: note.id, noteAuthorId: note.author.id, user, appreciation: ctx.appreciation }),
    open && user && commentFormHtml({ noteId: note.id, value: ctx.value, error: ctx.error, isAar: ctx.isAar }),
    open &&
      !user &&
      html`<p class="notice"><a href="/login?next=${encodeURIComponent(notePath(note.id) + '#comments')}">เข้าสู่ระบบ</a> เพื่อแสดงความเห็น</p>`,
  ]}`;
}
