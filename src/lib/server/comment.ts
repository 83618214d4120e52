/**
 * Comments (ความเห็น): one level of replies, edit/delete by their author, hide by the note's
 * author or a moderator. The note's comment count and last-comment time are kept in step here.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, notes, users } from '~db/schema.ts';
import { renderCommentMarkdown } from '../markdown.ts';
import type { CommentInput } from '../validation.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import type { SessionUser } from './user.ts';

export type CommentRow = typeof comments.$inferSelect;

export interface CommentView {
  id: number;
  parentId: number | null;
  author: { id: number; username: string; displayName: string };
  bodyHtml: string;
  bodyMarkdown: string;
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
  hidden: boolean;
  replies: CommentView[];
}

/** Recounts visible comments of a note; cheap with comments_note_idx and always exact. */
function refreshNoteCommentStats(noteId: number): void {
  getDb().run(sql`UPDATE notes SET
    comment_count = (SELECT count(*) FROM comments WHERE note_id = ${noteId} AND deleted_at IS NULL AND hidden_at IS NULL),
    last_commented_at = (SELECT max(created_at) FROM comments WHERE note_id = ${noteId} AND deleted_at IS NULL AND hidden_at IS NULL)
    WHERE id = ${noteId}`);
}

/** Adds a comment (or a reply) to a published note. A reply to a reply joins its parent's thread. */
export function createComment(user: SessionUser | null, noteId: number, input: CommentInput, clientIp: string): { id: number } {
  if (!user) throw needLogin();
  if (!can(user, 'comment:create')) throw forbidden('บัญชีของคุณไม่สามารถแสดงความเห็นได้ในขณะนี้');
  const note = getDb().select().from(notes).where(eq(notes.id, noteId)).get();
  if (!note) throw notFound('บันทึกนี้');
  if (note.deletedAt) throw gone('บันทึกนี้ถูกลบแล้ว จึงแสดงความเห็นไม่ได้');
  if (note.status !== 'published' || note.hiddenAt) throw forbidden('บันทึกนี้ยังไม่เปิดให้แสดงความเห็น');
  let parentId = input.parentId;
  if (parentId != null) {
    const parent = getDb().select().from(comments).where(eq(comments.id, parentId)).get();
    if (!parent || parent.noteId !== noteId) throw new DomainError(400, 'ไม่พบความเห็นที่ต้องการตอบในบันทึกนี้', { parentId: 'ไม่พบความเห็นที่ต้องการตอบ' });
    parentId = parent.parentId ?? parent.id;
  }
  enforceRateLimit(`comment:user:${user.id}`, RATE_LIMITS.commentPerUser);
  enforceRateLimit(`comment:ip:${clientIp}`, RATE_LIMITS.commentPerIp);
  const now = new Date();
  const id = getDb().transaction(() => {
    const row = getDb().insert(comments).values({
      noteId, authorId: user.id, parentId, bodyMarkdown: input.body, bodyHtml: renderCommentMarkdown(input.body), createdAt: now, updatedAt: now,
    }).returning({ id: comments.id }).get();
    refreshNoteCommentStats(noteId);
    return row.id;
  });
  emitContentChange({ type: 'comment', noteId, commentId: id, action: 'created' });
  return { id };
}

export function getComment(id: number): CommentRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return getDb().select().from(comments).where(eq(comments.id, id)).get();
}

function requireComment(id: number): CommentRow {
  const row = getComment(id);
  if (!row) throw notFound('ความเห็นนี้');
  if (row.deletedAt) throw gone('ความเห็นนี้ถูกลบแล้ว');
  return row;
}

/** Edits the author's own comment. */
export function updateComment(user: SessionUser | null, id: number, body: string): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  if (!can(user, 'comment:edit', { authorId: row.authorId })) throw forbidden('แก้ไขได้เฉพาะความเห็นของตนเอง');
  getDb().update(comments).set({ bodyMarkdown: body, bodyHtml: renderCommentMarkdown(body), updatedAt: new Date() }).where(eq(comments.id, id)).run();
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'updated' });
  return row;
}

/** Soft-deletes a comment (its author or a moderator). */
export function deleteComment(user: SessionUser | null, id: number): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  if (!can(user, 'comment:delete', { authorId: row.authorId })) throw forbidden('ลบได้เฉพาะความเห็นของตนเอง');
  getDb().transaction(() => {
    getDb().update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, id)).run();
    refreshNoteCommentStats(row.noteId);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'deleted' });
  return row;
}

/** Hides or restores a comment: the note's author or a moderator. */
export function setCommentHidden(user: SessionUser | null, id: number, hidden: boolean): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  const note = getDb().select({ authorId: notes.authorId }).from(notes).where(eq(notes.id, row.noteId)).get();
  if (!can(user, 'comment:hide', { authorId: row.authorId, noteAuthorId: note?.authorId })) throw forbidden('ซ่อนความเห็นได้เฉพาะเจ้าของบันทึกหรือผู้ดูแล');
  getDb().transaction(() => {
    getDb().update(comments).set({ hiddenAt: hidden ? new Date() : null }).where(eq(comments.id, id)).run();
    refreshNoteCommentStats(row.noteId);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: hidden ? 'hidden' : 'restored' });
  return row;
}

/**
 * The comments of a note as threads, oldest first. Hidden comments are shown only to those who
 * may hide them; a deleted comment stays as a placeholder only when it has visible replies.
 */
export function listCommentThreads(noteId: number, viewer: SessionUser | null, noteAuthorId: number): CommentView[] {
  const mayHide = can(viewer, 'comment:hide', { noteAuthorId });
  const rows = getDb().select({
    c: comments, authorUsername: users.username, authorDisplayName: users.displayName,
  }).from(comments).innerJoin(users, eq(comments.authorId, users.id))
    .where(and(eq(comments.noteId, noteId), mayHide ? undefined : isNull(comments.hiddenAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id)).all();
  const views = rows.map(({ c, authorUsername, authorDisplayName }): CommentView => ({
    id: c.id, parentId: c.parentId, author: { id: c.authorId, username: authorUsername, displayName: authorDisplayName },
    bodyHtml: c.deletedAt ? '' : c.bodyHtml, bodyMarkdown: c.deletedAt ? '' : c.bodyMarkdown,
    createdAt: c.createdAt, updatedAt: c.updatedAt, deleted: c.deletedAt != null, hidden: c.hiddenAt != null, replies: [],
  }));
  const byId = new Map(views.map((v) => [v.id, v]));
  const threads: CommentView[] = [];
  for (const view of views) {
    const parent = view.parentId != null ? byId.get(view.parentId) : undefined;
    if (parent) parent.replies.push(view);
    else if (view.parentId == null) threads.push(view);
  }
  const visible = (v: CommentView) => !v.deleted;
  return threads
    .map((t) => ({ ...t, replies: t.replies.filter(visible) }))
    .filter((t) => visible(t) || t.replies.length > 0);
}
