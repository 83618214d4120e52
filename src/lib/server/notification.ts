/**
 * In-site notifications: a comment on my note, a reply to my comment, a mention by @username.
 * They are written in the same transaction as the comment (see createComment), so they exist as
 * soon as the comment does, in whichever process handled the write. One comment notifies a
 * person at most once (unique user+comment); a reply outranks a comment, which outranks a mention.
 */
import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { comments, notes, notificationMutes, notifications, users, NOTIFICATION_KINDS, type NotificationKind } from '~db/schema.ts';
import { extractMentions } from '../mentions.ts';
import { notFound } from './errors.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';

export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  comment: 'มีผู้แสดงความเห็นในบันทึกของฉัน',
  reply: 'มีผู้ตอบความเห็นของฉัน',
  mention: 'มีผู้กล่าวถึงฉันด้วย @ชื่อผู้ใช้',
  approved: 'ความเห็นที่รอการอนุมัติของฉันได้รับการอนุมัติแล้ว',
  appreciation: 'มีผู้ให้กำลังใจบันทึกหรือความเห็นของฉัน (วันละครั้งต่อบันทึก)',
};
export const NOTIFICATIONS_PER_PAGE = 30;

export interface NewComment {
  id: number;
  noteId: number;
  authorId: number;
  body: string;
  noteAuthorId: number;
  /** Author of the comment this one answers (the comment clicked, not the thread's first one). */
  repliedToAuthorId: number | null;
}

/** Creates the notifications a new comment causes. Call inside the comment's transaction. */
export function notifyAboutComment(comment: NewComment): void {
  const db = getDb();
  const wanted = new Map<number, NotificationKind>();
  if (comment.repliedToAuthorId != null) wanted.set(comment.repliedToAuthorId, 'reply');
  if (!wanted.has(comment.noteAuthorId)) wanted.set(comment.noteAuthorId, 'comment');
  const mentioned = extractMentions(comment.body);
  if (mentioned.length > 0) {
    const rows = db.select({ id: users.id }).from(users).where(and(inArray(users.username, mentioned), isNull(users.suspendedAt))).all();
    for (const { id } of rows) if (!wanted.has(id)) wanted.set(id, 'mention');
  }
  wanted.delete(comment.authorId);
  if (wanted.size === 0) return;
  const muted = new Set(db.select({ userId: notificationMutes.userId, kind: notificationMutes.kind }).from(notificationMutes)
    .where(inArray(notificationMutes.userId, [...wanted.keys()])).all().map((m) => `${m.userId}:${m.kind}`));
  for (const [userId, kind] of wanted) {
    if (muted.has(`${userId}:${kind}`)) continue;
    db.insert(notifications).values({ userId, kind, actorId: comment.authorId, noteId: comment.noteId, commentId: comment.id }).onConflictDoNothing().run();
  }
}

/** Tells a member their held comment is now public. Call inside the approval's transaction. */
export function notifyCommentApproved(comment: { id: number; noteId: number; authorId: number }, moderatorId: number): void {
  const db = getDb();
  const muted = db.select({ kind: notificationMutes.kind }).from(notificationMutes)
    .where(and(eq(notificationMutes.userId, comment.authorId), eq(notificationMutes.kind, 'approved'))).get();
  if (muted) return;
  db.insert(notifications).values({ userId: comment.authorId, kind: 'approved', actorId: moderatorId, noteId: comment.noteId, commentId: comment.id })
    .onConflictDoNothing().run();
}

/** Bangkok is UTC+7 all year: the start of today there, for "once per note per day". */
const BANGKOK_OFFSET_MS = 7 * HOUR_MS;
export function startOfBangkokDay(now: number): number {
  return Math.floor((now + BANGKOK_OFFSET_MS) / DAY_MS) * DAY_MS - BANGKOK_OFFSET_MS;
}

export interface NewAppreciation {
  recipientId: number;
  actorId: number;
  noteId: number;
  /** The comment appreciated, or null for the note itself. */
  commentId: number | null;
}

/**
 * Tells the author about appreciation, at most once per note per Bangkok day however many people
 * click (the first giver is named). Call inside the appreciation's transaction. The notification
 * carries no comment id: it points to the note, and a comment's own notification slot stays free.
 */
export function notifyAppreciation(event: NewAppreciation, now = Date.now()): void {
  if (event.recipientId === event.actorId) return;
  const db = getDb();
  const muted = db.select({ kind: notificationMutes.kind }).from(notificationMutes)
    .where(and(eq(notificationMutes.userId, event.recipientId), eq(notificationMutes.kind, 'appreciation'))).get();
  if (muted) return;
  const already = db.select({ id: notifications.id }).from(notifications).where(and(
    eq(notifications.userId, event.recipientId), eq(notifications.kind, 'appreciation'), eq(notifications.noteId, event.noteId),
    gte(notifications.createdAt, new Date(startOfBangkokDay(now))))).get();
  if (already) return;
  db.insert(notifications).values({ userId: event.recipientId, kind: 'appreciation', actorId: event.actorId, noteId: event.noteId, createdAt: new Date(now) }).run();
}

/**
 * Only notifications whose comment and note are still visible are shown or counted (appreciation
 * notifications have no comment: the left join gives NULLs, which pass).
 */
const stillVisible = sql`${comments.deletedAt} IS NULL AND ${comments.hiddenAt} IS NULL AND ${comments.pendingAt} IS NULL AND ${notes.deletedAt} IS NULL AND ${notes.hiddenAt} IS NULL`;

// Prepared once: the header asks on every signed-in page view.
const unreadCount = preparedQuery((db) => db.select({ n: sql<number>`count(*)` }).from(notifications)
  .leftJoin(comments, eq(comments.id, notifications.commentId)).innerJoin(notes, eq(notes.id, notifications.noteId))
  .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt), stillVisible)).prepare());

export function countUnread(userId: number): number {
  return unreadCount().get({ userId })?.n ?? 0;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  read: boolean;
  createdAt: Date;
  actor: { username: string; displayName: string };
  note: { id: number; title: string };
  commentId: number | null;
  excerpt: string;
}

/** The newest notifications of a user. */
export function listNotifications(userId: number, limit = NOTIFICATIONS_PER_PAGE): NotificationView[] {
  return getDb().select({
    id: notifications.id, kind: notifications.kind, readAt: notifications.readAt, createdAt: notifications.createdAt, commentId: notifications.commentId,
    actorUsername: users.username, actorDisplayName: users.displayName, noteId: notes.id, noteTitle: notes.title, body: comments.bodyMarkdown,
  }).from(notifications).innerJoin(users, eq(users.id, notifications.actorId)).innerJoin(notes, eq(notes.id, notifications.noteId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(and(eq(notifications.userId, userId), stillVisible)).orderBy(desc(notifications.id)).limit(limit).all()
    .map((r) => ({
      id: r.id, kind: r.kind, read: r.readAt != null, createdAt: r.createdAt, commentId: r.commentId,
      actor: { username: r.actorUsername, displayName: r.actorDisplayName }, note: { id: r.noteId, title: r.noteTitle },
      excerpt: !r.body ? '' : r.body.length > 140 ? `${r.body.slice(0, 139)}…` : r.body,
    }));
}

/** Marks some (or, without ids, all) of a user's notifications read; returns how many changed. */
export function markRead(userId: number, ids?: number[]): number {
  const conditions = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids) {
    if (ids.length === 0) return 0;
    conditions.push(inArray(notifications.id, ids));
  }
  return getDb().update(notifications).set({ readAt: new Date() }).where(and(...conditions)).run().changes;
}

/** Marks one notification read and returns where it points (404 when it is not the user's). */
export function openNotification(userId: number, id: number): string {
  const row = getDb().select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId))).get();
  if (!row) throw notFound('การแจ้งเตือนนี้');
  markRead(userId, [id]);
  return `/notes/${row.noteId}${row.commentId ? `#comment-${row.commentId}` : ''}`;
}

export function getMutedKinds(userId: number): NotificationKind[] {
  return getDb().select({ kind: notificationMutes.kind }).from(notificationMutes).where(eq(notificationMutes.userId, userId)).all().map((r) => r.kind);
}

/** Replaces the kinds a user has turned off. */
export function setMutedKinds(userId: number, muted: NotificationKind[]): void {
  const db = getDb();
  db.transaction(() => {
    db.delete(notificationMutes).where(eq(notificationMutes.userId, userId)).run();
    for (const kind of new Set(muted)) if (NOTIFICATION_KINDS.includes(kind)) db.insert(notificationMutes).values({ userId, kind }).run();
  });
}
