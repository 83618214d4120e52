/**
 * Comments (ความเห็น): one level of replies, edit/delete by their author, hide by the note's
 * author or a moderator. The note's comment count and last-comment time are kept in step here.
 */
import { COMMENT_FIELD_LABELS, guardPersonalData, setPersonalDataFlag } from './personal-data-guard.ts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { comments, notes, users } from '~db/schema.ts';
import { renderCommentMarkdown } from '../markdown.ts';
import type { CommentInput } from '../validation.ts';
import { writeAudit } from './audit.ts';
import { commentRows } from './caches.ts';
import { getConfig } from './config.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { RATE_LIMITS, enforceEditRateLimit, enforceRateLimit } from './rate-limit.ts';
import { resolveReportsOn } from './report.ts';
import type { SessionUser } from './user.ts';
import { notifyAboutComment, notifyCommentApproved, notifyModeration } from './notification.ts';
import { syncUploadRefs } from './upload/refs.ts';

export type CommentRow = typeof comments.$inferSelect;

export interface CommentView {
  id: number;
  parentId: number | null;
  author: { id: number; username: string; displayName: string; avatarUploadId: string | null };
  bodyHtml: string;
  bodyMarkdown: string;
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
  hidden: boolean;
  /** Hidden by a moderator: only a moderator may show it again. */
  hiddenByModerator: boolean;
  /** Waiting for a moderator's approval; only its author and moderators see it. */
  pending: boolean;
  /** Deleted by the viewer moments ago: its placeholder offers "เลิกทำ". */
  undoable: boolean;
  replies: CommentView[];
}

/** How long a deleted comment keeps its "เลิกทำ" placeholder for the person who deleted it. */
const COMMENT_UNDO_WINDOW_MS = 10 * 60 * 1000;

/** Recounts visible comments of a note; cheap with comments_note_idx and always exact. */
export function refreshNoteCommentStats(noteId: number): void {
  getDb().run(sql`UPDATE notes SET
    comment_count = (SELECT count(*) FROM comments WHERE note_id = ${noteId} AND deleted_at IS NULL AND hidden_at IS NULL AND pending_at IS NULL),
    last_commented_at = (SELECT max(created_at) FROM comments WHERE note_id = ${noteId} AND deleted_at IS NULL AND hidden_at IS NULL AND pending_at IS NULL)
    WHERE id = ${noteId}`);
}

/** How many approved comments a member needs before new ones appear without approval (env, default 1; 0 disables). */
function requiredCommentApprovals(): number {
  return getConfig().newAccountCommentApprovals;
}

/**
 * A new account's comment waits for approval until it has enough approved, visible comments.
 * Never held: a comment under one's own note, or a reply in a thread one started (spam does not
 * answer itself, and holding a newcomer's answer to their readers loses the conversation).
 */
function needsApproval(user: SessionUser, noteAuthorId: number, threadStarterId: number | null): boolean {
  if (noteAuthorId === user.id || threadStarterId === user.id) return false;
  const required = requiredCommentApprovals();
  if (required === 0 || can(user, 'comment:skip-approval')) return false;
  const approved =
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(comments)
      .where(and(eq(comments.authorId, user.id), isNull(comments.pendingAt), isNull(comments.hiddenAt)))
      .get()?.n ?? 0;
  return approved < required;
}

/**
 * Adds a comment (or a reply) to a published note. A reply to a reply joins its parent's thread.
 * A new account's comment is stored pending: announced only when a moderator approves it.
 */
export function createComment(
  user: SessionUser | null,
  noteId: number,
  input: CommentInput,
  clientIp: string,
): { id: number; pending: boolean } {
  if (!user) throw needLogin();
  if (!can(user, 'comment:create')) throw forbidden('บัญชีของคุณไม่สามารถแสดงความเห็นได้ในขณะนี้');
  const note = getDb().select().from(notes).where(eq(notes.id, noteId)).get();
  if (!note) throw notFound('บันทึกนี้');
  if (note.deletedAt) throw gone('บันทึกนี้ถูกลบแล้ว จึงแสดงความเห็นไม่ได้');
  if (note.status !== 'published' || note.hiddenAt) throw forbidden('บันทึกนี้ยังไม่เปิดให้แสดงความเห็น');
  let parentId = input.parentId;
  let repliedToAuthorId: number | null = null;
  let threadStarterId: number | null = null;
  if (parentId != null) {
    const parent = getDb().select().from(comments).where(eq(comments.id, parentId)).get();
    const readable = parent && can(user, 'comment:read', commentResource(parent, note.authorId));
    if (!parent || !readable || parent.noteId !== noteId)
      throw new DomainError(400, 'ไม่พบความเห็นที่ต้องการตอบในบันทึกนี้', { parentId: 'ไม่พบความเห็นที่ต้องการตอบ' });
    parentId = parent.parentId ?? parent.id;
    repliedToAuthorId = parent.authorId;
    threadStarterId = parent.parentId == null ? parent.authorId : (getComment(parent.parentId)?.authorId ?? null);
  }
  enforceRateLimit(`comment:user:${user.id}`, RATE_LIMITS.commentPerUser);
  enforceRateLimit(`comment:ip:${clientIp}`, RATE_LIMITS.commentPerIp);
  const now = new Date();
  const pending = needsApproval(user, note.authorId, threadStarterId);
  const personalData = guardPersonalData([{ field: 'body', text: input.body }], COMMENT_FIELD_LABELS, input.acknowledgePersonalData);
  // NOTE: render before BEGIN IMMEDIATE, never inside it: rendering is the slow part, and the
  // write lock held meanwhile makes every other worker's write wait.
  const bodyHtml = renderCommentMarkdown(input.body);
  const id = writeTransaction(() => {
    const row = getDb()
      .insert(comments)
      .values({
        noteId,
        authorId: user.id,
        parentId,
        bodyMarkdown: input.body,
        bodyHtml,
        pendingAt: pending ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: comments.id })
      .get();
    refreshNoteCommentStats(noteId);
    syncUploadRefs({ commentId: row.id }, input.body);
    setPersonalDataFlag('comment', row.id, personalData, now);
    // A pending comment notifies nobody until a moderator approves it (spam must not reach inboxes).
    if (!pending)
      notifyAboutComment({ id: row.id, noteId, authorId: user.id, body: input.body, noteAuthorId: note.authorId, repliedToAuthorId });
    return row.id;
  });
  if (!pending) emitContentChange({ type: 'comment', noteId, commentId: id, action: 'created' });
  return { id, pending };
}

/** The facts can() needs about a comment. */
export function commentResource(row: CommentRow, noteAuthorId: number | undefined) {
  return {
    authorId: row.authorId,
    noteAuthorId,
    deleted: row.deletedAt != null,
    hidden: row.hiddenAt != null,
    pending: row.pendingAt != null,
    hiddenByModerator: row.hiddenAt != null && row.hiddenReason !== 'note-author',
  };
}

function noteAuthorOf(noteId: number): number | undefined {
  return getDb().select({ authorId: notes.authorId }).from(notes).where(eq(notes.id, noteId)).get()?.authorId;
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

/** Edits the author's own comment (rate-limited with note edits: each renders the body again). */
export function updateComment(
  user: SessionUser | null,
  id: number,
  body: string,
  clientIp: string,
  acknowledgePersonalData = false,
): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  if (!can(user, 'comment:edit', { authorId: row.authorId })) throw forbidden('แก้ไขได้เฉพาะความเห็นของตนเอง');
  enforceEditRateLimit(user, clientIp);
  const personalData = guardPersonalData([{ field: 'body', text: body }], COMMENT_FIELD_LABELS, acknowledgePersonalData);
  const bodyHtml = renderCommentMarkdown(body); // before the transaction: see createComment
  writeTransaction(() => {
    getDb().update(comments).set({ bodyMarkdown: body, bodyHtml, updatedAt: new Date() }).where(eq(comments.id, id)).run();
    syncUploadRefs({ commentId: id }, body);
    setPersonalDataFlag('comment', id, personalData);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'updated' });
  return row;
}

/** Soft-deletes a comment (its author or a moderator). */
export function deleteComment(user: SessionUser | null, id: number): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  if (!can(user, 'comment:delete', { authorId: row.authorId })) throw forbidden('ลบได้เฉพาะความเห็นของตนเอง');
  writeTransaction(() => {
    getDb().update(comments).set({ deletedAt: new Date(), deletedById: user.id }).where(eq(comments.id, id)).run();
    refreshNoteCommentStats(row.noteId);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'deleted' });
  return row;
}

/** Undoes a delete ("เลิกทำ"): the author their own delete, a moderator any. */
export function undeleteComment(user: SessionUser | null, id: number): CommentRow {
  if (!user) throw needLogin();
  const row = getComment(id);
  if (!row) throw notFound('ความเห็นนี้');
  if (!row.deletedAt) return row;
  if (!can(user, 'comment:undelete', { authorId: row.authorId, deleted: true, deletedById: row.deletedById })) {
    throw forbidden('กู้คืนได้เฉพาะความเห็นที่คุณลบเอง');
  }
  writeTransaction(() => {
    getDb().update(comments).set({ deletedAt: null, deletedById: null }).where(eq(comments.id, id)).run();
    refreshNoteCommentStats(row.noteId);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'restored' });
  return row;
}

/**
 * Hides or restores a comment: the note's author or a moderator; written to the audit log. Hiding
 * a pending comment rejects it (it leaves the queue); its open reports are resolved.
 */
export function setCommentHidden(user: SessionUser | null, id: number, hidden: boolean, moderatorReason = ''): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  const resource = commentResource(row, noteAuthorOf(row.noteId));
  if (hidden && !can(user, 'comment:hide', resource)) throw forbidden('ซ่อนความเห็นได้เฉพาะเจ้าของบันทึกหรือผู้ดูแล');
  if (!hidden && !can(user, 'comment:restore', resource)) throw forbidden('ความเห็นนี้ถูกซ่อนโดยผู้ดูแล จึงแสดงอีกครั้งได้เฉพาะผู้ดูแล');
  const now = new Date();
  const reason = row.pendingAt ? 'rejected' : can(user, 'moderate') ? 'moderation' : 'note-author';
  writeTransaction(() => {
    getDb()
      .update(comments)
      .set(
        hidden
          ? { hiddenAt: now, pendingAt: null, hiddenBy: user.id, hiddenReason: reason }
          : { hiddenAt: null, hiddenBy: null, hiddenReason: null },
      )
      .where(eq(comments.id, id))
      .run();
    if (hidden) resolveReportsOn('comment', id, user.id, now);
    // A moderator's hide is told to the author, with the reason (issue 24); a note author's own tidy-up is not.
    if (hidden && reason !== 'note-author' && !row.hiddenAt)
      notifyModeration({ authorId: row.authorId, noteId: row.noteId, commentId: id }, user.id, moderatorReason);
    writeAudit({
      actorId: user.id,
      action: hidden ? 'comment:hide' : 'comment:restore',
      targetType: 'comment',
      targetId: id,
      ...(hidden ? { detail: reason } : {}),
    });
    refreshNoteCommentStats(row.noteId);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: hidden ? 'hidden' : 'restored' });
  return row;
}

const threadRows = preparedQuery((db) =>
  db
    .select({
      c: comments,
      authorUsername: users.username,
      authorDisplayName: users.displayName,
      authorAvatarUploadId: users.avatarUploadId,
      authorSuspendedAt: users.suspendedAt,
    })
    .from(comments)
    .innerJoin(users, eq(comments.authorId, users.id))
    .where(eq(comments.noteId, sql.placeholder('noteId')))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .prepare(),
);
const renderVersionOf = preparedQuery((db) =>
  db
    .select({ v: notes.renderVersion })
    .from(notes)
    .where(eq(notes.id, sql.placeholder('noteId')))
    .prepare(),
);

type ThreadRow = ReturnType<ReturnType<typeof threadRows>['all']>[number];

/**
 * A note's comment rows, remembered per notes.render_version, which every comment write and every
 * rename of a commenter bumps (database triggers): a remembered list is never older than the
 * version read first. NOTE: rows only; views are rebuilt per call because callers own them.
 */
function loadThreadRows(noteId: number): ThreadRow[] {
  const version = renderVersionOf().get({ noteId })?.v;
  const key = `${noteId}:${version}`;
  let rows = commentRows.get(key) as ThreadRow[] | undefined; // only this function stores there
  if (!rows) {
    rows = threadRows().all({ noteId });
    if (version !== undefined) commentRows.set(key, rows);
  }
  return rows;
}

/** A moderator lets a pending comment appear; it is announced as created only now. */
export function approveComment(user: SessionUser | null, id: number): CommentRow {
  if (!user) throw needLogin();
  const row = requireComment(id);
  if (!can(user, 'comment:approve', commentResource(row, undefined))) throw forbidden('อนุมัติความเห็นได้เฉพาะผู้ดูแล');
  if (!row.pendingAt) return row;
  writeTransaction(() => {
    getDb().update(comments).set({ pendingAt: null }).where(eq(comments.id, id)).run();
    writeAudit({ actorId: user.id, action: 'comment:approve', targetType: 'comment', targetId: id });
    refreshNoteCommentStats(row.noteId);
    // NOTE: replies are stored under their thread's first comment, so the reply notice goes to its author.
    const parentAuthorId = row.parentId == null ? null : (getComment(row.parentId)?.authorId ?? null);
    const noteAuthorId = noteAuthorOf(row.noteId);
    if (noteAuthorId !== undefined)
      notifyAboutComment({
        id,
        noteId: row.noteId,
        authorId: row.authorId,
        body: row.bodyMarkdown,
        noteAuthorId,
        repliedToAuthorId: parentAuthorId,
      });
    notifyCommentApproved({ id, noteId: row.noteId, authorId: row.authorId }, user.id);
  });
  emitContentChange({ type: 'comment', noteId: row.noteId, commentId: id, action: 'created' });
  return row;
}

/**
 * The comments of a note as threads, oldest first. Hidden comments are shown only to those who
 * may hide them; a deleted comment stays as a placeholder only when it has visible replies.
 */
export function listCommentThreads(noteId: number, viewer: SessionUser | null, noteAuthorId: number): CommentView[] {
  const rows = loadThreadRows(noteId)
    // Deleted comments stay as placeholders (filtered below); hidden and pending ones only for who may see them.
    // A suspended member's comments are hidden like hidden ones (the suspension bumps render_version).
    .filter(({ c, authorSuspendedAt }) =>
      can(viewer, 'comment:read', {
        ...commentResource(c, noteAuthorId),
        deleted: false,
        hidden: c.hiddenAt != null || authorSuspendedAt != null,
      }),
    );
  const undoSince = Date.now() - COMMENT_UNDO_WINDOW_MS;
  const views = rows.map(({ c, authorUsername, authorDisplayName, authorAvatarUploadId }): CommentView => ({
    id: c.id,
    parentId: c.parentId,
    author: { id: c.authorId, username: authorUsername, displayName: authorDisplayName, avatarUploadId: authorAvatarUploadId },
    bodyHtml: c.deletedAt ? '' : c.bodyHtml,
    bodyMarkdown: c.deletedAt ? '' : c.bodyMarkdown,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    deleted: c.deletedAt != null,
    hidden: c.hiddenAt != null,
    hiddenByModerator: commentResource(c, noteAuthorId).hiddenByModerator,
    pending: c.pendingAt != null,
    undoable:
      !!c.deletedAt &&
      c.deletedAt.getTime() > undoSince &&
      viewer != null &&
      c.deletedById === viewer.id &&
      can(viewer, 'comment:undelete', { authorId: c.authorId, deleted: true, deletedById: c.deletedById }),
    replies: [],
  }));
  const byId = new Map(views.map((v) => [v.id, v]));
  const threads: CommentView[] = [];
  for (const view of views) {
    const parent = view.parentId != null ? byId.get(view.parentId) : undefined;
    if (parent) parent.replies.push(view);
    else if (view.parentId == null) threads.push(view);
  }
  const visible = (v: CommentView) => !v.deleted || v.undoable;
  return threads.map((t) => ({ ...t, replies: t.replies.filter(visible) })).filter((t) => visible(t) || t.replies.length > 0);
}
