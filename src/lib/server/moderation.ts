/**
 * Moderation: hide/restore notes, suspend/restore accounts, the moderator queue (pending comments
 * and open reports) and its bulk actions. Every action is checked with can() and audited.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { comments, notes, reports, users, type ReportTarget, type Role } from '~db/schema.ts';
import { writeAudit } from './audit.ts';
import { approveComment, setCommentHidden } from './comment.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { reportTargetResource, resolveReportsOn } from './report.ts';
import { notifyModeration } from './notification.ts';
import { invalidateUserSessions } from './session.ts';
import type { ModerationActionInput } from '../validation.ts';
import type { SessionUser } from './user.ts';

const QUEUE_LIMIT = 200;

/**
 * A moderator hides (or restores) a note: it leaves every page, list, feed and search. Its author
 * is told, with `reason` when the moderator gave one.
 */
export function setNoteHidden(user: SessionUser | null, noteId: number, hidden: boolean, reason = ''): void {
  if (!user) throw needLogin();
  const row = getDb().select().from(notes).where(eq(notes.id, noteId)).get();
  if (!row) throw notFound('บันทึกนี้');
  if (row.deletedAt) throw gone('บันทึกนี้ถูกลบแล้ว');
  if (!can(user, 'note:hide', { authorId: row.authorId })) throw forbidden('ซ่อนบันทึกได้เฉพาะผู้ดูแล');
  const now = new Date();
  writeTransaction(() => {
    getDb()
      .update(notes)
      .set({ hiddenAt: hidden ? now : null })
      .where(eq(notes.id, noteId))
      .run();
    if (hidden) resolveReportsOn('note', noteId, user.id, now);
    if (hidden && !row.hiddenAt) notifyModeration({ authorId: row.authorId, noteId, commentId: null }, user.id, reason);
    writeAudit({
      actorId: user.id,
      action: hidden ? 'note:hide' : 'note:restore',
      targetType: 'note',
      targetId: noteId,
      ...(hidden && reason ? { detail: reason } : {}),
    });
  });
  emitContentChange({ type: 'note', noteId, action: hidden ? 'hidden' : 'restored' });
}

/** Suspends (or restores) an account. Suspension ends every session of the account at once. */
export function setUserSuspended(actor: SessionUser | null, userId: number, suspended: boolean, reason = ''): void {
  if (!actor) throw needLogin();
  const target = getDb()
    .select({ id: users.id, role: users.role, suspendedAt: users.suspendedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!target) throw notFound('บัญชีผู้ใช้นี้');
  if (!can(actor, 'user:suspend', { authorId: target.id, ownerRole: target.role })) {
    throw forbidden('ระงับได้เฉพาะบัญชีที่มีบทบาทต่ำกว่าคุณ และระงับบัญชีตนเองไม่ได้');
  }
  writeTransaction(() => {
    getDb()
      .update(users)
      .set({ suspendedAt: suspended ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .run();
    if (suspended) invalidateUserSessions(userId);
    writeAudit({
      actorId: actor.id,
      action: suspended ? 'user:suspend' : 'user:restore',
      targetType: 'user',
      targetId: userId,
      detail: reason,
    });
  });
  emitContentChange({ type: 'user', userId, action: suspended ? 'suspended' : 'restored' });
}

/** Dismisses the open reports on a target (nothing wrong with it). */
function dismissReports(user: SessionUser | null, type: ReportTarget, id: number): void {
  if (!user) throw needLogin();
  if (!can(user, 'moderate')) throw forbidden();
  writeTransaction(() => {
    if (resolveReportsOn(type, id, user.id, new Date(), 'dismissed') > 0) {
      writeAudit({ actorId: user.id, action: 'report:dismiss', targetType: type, targetId: id });
    }
  });
}

/** The notes and comments of `userId` that readers can still see: what a purge would hide. */
export function listVisibleContent(userId: number): { noteIds: { id: number }[]; commentIds: { id: number }[] } {
  const noteIds = getDb()
    .select({ id: notes.id })
    .from(notes)
    .where(and(eq(notes.authorId, userId), isNull(notes.deletedAt), isNull(notes.hiddenAt)))
    .all();
  const commentIds = getDb()
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorId, userId), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .all();
  return { noteIds, commentIds };
}

/**
 * Clears a spam wave from one account in one step: hides every visible or pending note and comment
 * the account wrote and suspends it. Returns how many items were hidden.
 */
function purgeAuthor(actor: SessionUser | null, userId: number): number {
  if (!actor) throw needLogin();
  const target = getDb().select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!target) throw notFound('บัญชีผู้ใช้นี้');
  if (!can(actor, 'user:suspend', { authorId: target.id, ownerRole: target.role })) throw forbidden('คุณไม่มีสิทธิ์ระงับบัญชีนี้');
  const { noteIds, commentIds } = listVisibleContent(userId);
  setUserSuspended(actor, userId, true, 'ซ่อนเนื้อหาทั้งหมดจากคิวตรวจสอบ');
  for (const { id } of noteIds) setNoteHidden(actor, id, true);
  for (const { id } of commentIds) setCommentHidden(actor, id, true);
  return noteIds.length + commentIds.length;
}

type BulkAction = 'approve' | 'hide' | 'restore' | 'dismiss';
interface QueueTarget {
  type: ReportTarget;
  id: number;
}

/**
 * Applies one action to many queue items. Every target is checked before anything changes, so a
 * bad selection changes nothing. Returns the number of items acted on.
 */
function applyBulkAction(user: SessionUser | null, action: BulkAction, targets: QueueTarget[], reason = ''): number {
  if (!user) throw needLogin();
  if (!can(user, 'moderate')) throw forbidden();
  if (targets.length === 0) throw new DomainError(400, 'กรุณาเลือกอย่างน้อยหนึ่งรายการ');
  for (const t of targets) {
    const resource = reportTargetResource(t.type, t.id);
    if (!resource) throw notFound(t.type === 'note' ? 'บันทึกที่เลือก' : 'ความเห็นที่เลือก');
    if (action === 'approve' && t.type !== 'comment') throw new DomainError(400, 'อนุมัติได้เฉพาะความเห็นที่รอการอนุมัติ');
  }
  for (const t of targets) {
    if (action === 'approve') approveComment(user, t.id);
    else if (action === 'dismiss') dismissReports(user, t.type, t.id);
    else {
      const hide = action === 'hide';
      // Already in the wanted state: nothing to change, nothing to audit.
      if (reportTargetResource(t.type, t.id)!.hidden === hide) continue;
      if (t.type === 'note') setNoteHidden(user, t.id, hide, reason);
      else setCommentHidden(user, t.id, hide, reason);
    }
  }
  return targets.length;
}

interface QueueAuthor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  suspended: boolean;
}

interface PendingCommentItem {
  id: number;
  noteId: number;
  noteTitle: string;
  bodyHtml: string;
  createdAt: Date;
}

interface ReportedItem {
  type: ReportTarget;
  id: number;
  noteId: number;
  title: string;
  /** Sanitised HTML of the note or comment (made when it was written; this module builds no HTML). */
  bodyHtml: string;
  hidden: boolean;
  author: QueueAuthor;
  reasons: { reason: string; reporter: string; createdAt: Date }[];
}

export interface ModerationQueue {
  /** Pending comments grouped by author, so one spammer is cleared with one click. */
  pendingByAuthor: { author: QueueAuthor; comments: PendingCommentItem[] }[];
  reported: ReportedItem[];
  pendingCount: number;
}

const authorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  suspendedAt: users.suspendedAt,
};
const toAuthor = (a: {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  suspendedAt: Date | null;
}): QueueAuthor => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  createdAt: a.createdAt,
  suspended: a.suspendedAt != null,
});

/**
 * How many things wait for a moderator: held comments plus reported notes/comments with an open
 * report. Shown on the header's queue link, so it is one indexed count per moderator page view.
 */
export function countModerationQueue(): number {
  const db = getDb();
  const held =
    db
      .select({ n: sql<number>`count(*)` })
      .from(comments)
      .where(and(isNotNull(comments.pendingAt), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
      .get()?.n ?? 0;
  const reported =
    db
      .select({ n: sql<number>`count(DISTINCT ${reports.targetType} || ':' || ${reports.targetId})` })
      .from(reports)
      .where(eq(reports.status, 'open'))
      .get()?.n ?? 0;
  return held + reported;
}

/** Everything waiting for a moderator, oldest first. */
export function getModerationQueue(user: SessionUser | null): ModerationQueue {
  if (!can(user, 'moderate')) throw forbidden('หน้านี้สำหรับผู้ดูแลเท่านั้น');
  const db = getDb();
  const pending = db
    .select({ c: comments, noteTitle: notes.title, author: authorColumns })
    .from(comments)
    .innerJoin(notes, eq(comments.noteId, notes.id))
    .innerJoin(users, eq(comments.authorId, users.id))
    .where(and(isNotNull(comments.pendingAt), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .orderBy(asc(comments.pendingAt))
    .limit(QUEUE_LIMIT)
    .all();
  const groups = new Map<number, { author: QueueAuthor; comments: PendingCommentItem[] }>();
  for (const { c, noteTitle, author } of pending) {
    const group = groups.get(author.id) ?? { author: toAuthor(author), comments: [] };
    group.comments.push({ id: c.id, noteId: c.noteId, noteTitle, bodyHtml: c.bodyHtml, createdAt: c.createdAt });
    groups.set(author.id, group);
  }
  const pendingCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(comments)
      .where(and(isNotNull(comments.pendingAt), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
      .get()?.n ?? 0;
  return { pendingByAuthor: [...groups.values()], reported: listReportedItems(), pendingCount };
}

function listReportedItems(): ReportedItem[] {
  const db = getDb();
  const open = db
    .select({ r: reports, reporter: users.username })
    .from(reports)
    .innerJoin(users, eq(reports.reporterId, users.id))
    .where(eq(reports.status, 'open'))
    .orderBy(asc(reports.createdAt))
    .limit(QUEUE_LIMIT)
    .all();
  const byTarget = new Map<string, typeof open>();
  for (const row of open) {
    const key = `${row.r.targetType}:${row.r.targetId}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), row]);
  }
  const noteIds = open.filter((o) => o.r.targetType === 'note').map((o) => o.r.targetId);
  const commentIds = open.filter((o) => o.r.targetType === 'comment').map((o) => o.r.targetId);
  const noteRows = noteIds.length
    ? db
        .select({ n: notes, author: authorColumns })
        .from(notes)
        .innerJoin(users, eq(notes.authorId, users.id))
        .where(inArray(notes.id, noteIds))
        .all()
    : [];
  const commentRows = commentIds.length
    ? db
        .select({ c: comments, noteTitle: notes.title, author: authorColumns })
        .from(comments)
        .innerJoin(notes, eq(comments.noteId, notes.id))
        .innerJoin(users, eq(comments.authorId, users.id))
        .where(inArray(comments.id, commentIds))
        .all()
    : [];
  const items: ReportedItem[] = [];
  for (const { n, author } of noteRows) {
    if (n.deletedAt) continue;
    items.push({
      type: 'note',
      id: n.id,
      noteId: n.id,
      title: n.title,
      bodyHtml: n.bodyHtml,
      hidden: n.hiddenAt != null,
      author: toAuthor(author),
      reasons: [],
    });
  }
  for (const { c, noteTitle, author } of commentRows) {
    if (c.deletedAt) continue;
    items.push({
      type: 'comment',
      id: c.id,
      noteId: c.noteId,
      title: noteTitle,
      bodyHtml: c.bodyHtml,
      hidden: c.hiddenAt != null,
      author: toAuthor(author),
      reasons: [],
    });
  }
  for (const item of items) {
    item.reasons = (byTarget.get(`${item.type}:${item.id}`) ?? []).map(({ r, reporter }) => ({
      reason: r.reason,
      reporter,
      createdAt: r.createdAt,
    }));
  }
  return items.sort((a, b) => b.reasons.length - a.reasons.length);
}

/** Runs one moderator action from the API or the queue form; returns how many things changed. */
export function performModerationAction(user: SessionUser | null, input: ModerationActionInput): number {
  switch (input.action) {
    case 'suspend':
    case 'unsuspend':
      setUserSuspended(user, input.userId, input.action === 'suspend', input.reason);
      return 1;
    case 'purge':
      return purgeAuthor(user, input.userId);
    default:
      return applyBulkAction(user, input.action, input.targets, input.reason);
  }
}
