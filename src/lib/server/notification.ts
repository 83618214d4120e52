/**
 * In-site notifications: a comment on my note, a reply to my comment, a mention by @username; and
 * about communities: an invitation, a request to join (to its managers), the answer to my request.
 * They are written in the same transaction as the comment (see createComment), so they exist as
 * soon as the comment does, in whichever process handled the write. One comment notifies a
 * person at most once (unique user+comment); a reply outranks a comment, which outranks a mention.
 */
import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import {
  comments,
  communities,
  notes,
  notificationMutes,
  notifications,
  users,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from '~db/schema.ts';
import { extractMentions } from '../mentions.ts';
import { notFound } from './errors.ts';
import { queueNotificationMails } from './mail/outbox.ts';
import { mutersOf, watchersOf, watchNoteOnComment } from './watch.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';

export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  comment: 'มีผู้แสดงความเห็นในบันทึกของฉัน',
  reply: 'มีผู้ตอบความเห็นของฉัน',
  mention: 'มีผู้กล่าวถึงฉันด้วย @ชื่อผู้ใช้',
  approved: 'ความเห็นที่รอการอนุมัติของฉันได้รับการอนุมัติแล้ว',
  'community-invitation': 'มีผู้เชิญฉันเข้าร่วมชุมชน',
  'join-request': 'มีผู้ขอเข้าร่วมชุมชนที่ฉันดูแล',
  'join-approved': 'คำขอเข้าร่วมชุมชนของฉันได้รับอนุมัติ',
  'join-declined': 'คำขอเข้าร่วมชุมชนของฉันไม่ได้รับอนุมัติ',
  watch: 'มีความเห็นใหม่ในบันทึกที่ฉันติดตาม',
  appreciation: 'มีผู้ให้กำลังใจบันทึกหรือความเห็นของฉัน (วันละครั้งต่อบันทึก)',
  'question-reminder': 'คำถามของฉันมีคำตอบแล้ว ยังไม่ได้เลือกคำตอบที่ใช่ (เตือนครั้งเดียวหลัง 7 วัน)',
};
/** Kinds about a community rather than a comment. */
export type CommunityNotificationKind = 'community-invitation' | 'join-request' | 'join-approved' | 'join-declined';
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

/**
 * Creates the notifications a new comment causes, and their mail (outbox or digest, by each
 * member's settings). The commenter now watches the thread. A muted thread still tells you about a
 * reply to you or a mention; it only silences "new comment on a watched thread".
 * Call inside the comment's transaction.
 */
export function notifyAboutComment(comment: NewComment): void {
  const wanted = new Map<number, NotificationKind>();
  if (comment.repliedToAuthorId != null) wanted.set(comment.repliedToAuthorId, 'reply');
  if (!wanted.has(comment.noteAuthorId)) wanted.set(comment.noteAuthorId, 'comment');
  for (const id of mentionedUserIds(comment.body)) if (!wanted.has(id)) wanted.set(id, 'mention');
  for (const id of watchersOf(comment.noteId)) if (!wanted.has(id)) wanted.set(id, 'watch');
  for (const id of mutersOf(comment.noteId)) if (wanted.get(id) === 'comment' || wanted.get(id) === 'watch') wanted.delete(id);
  wanted.delete(comment.authorId);
  watchNoteOnComment(comment.authorId, comment.noteId);
  insertNotifications(wanted, { actorId: comment.authorId, noteId: comment.noteId, commentId: comment.id });
}

/**
 * Notifies the people a note's body mentions, once, when it is first published. Call inside the
 * transaction that publishes it.
 */
export function notifyAboutNoteMentions(note: { id: number; authorId: number; body: string }): void {
  const wanted = new Map<number, NotificationKind>();
  for (const id of mentionedUserIds(note.body)) if (id !== note.authorId) wanted.set(id, 'mention');
  insertNotifications(wanted, { actorId: note.authorId, noteId: note.id, commentId: null });
}

function mentionedUserIds(body: string): number[] {
  const mentioned = extractMentions(body);
  if (mentioned.length === 0) return [];
  return getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.username, mentioned), isNull(users.suspendedAt)))
    .all()
    .map((r) => r.id);
}

/** One multi-row insert per batch: a thread with hundreds of watchers stays a few statements. */
const INSERT_BATCH = 500;

/** What a batch of notifications is about: a note (and comment), or a community. */
interface NotificationAbout {
  actorId: number;
  noteId: number | null;
  commentId: number | null;
  communityId?: number;
}

function insertNotifications(wanted: Map<number, NotificationKind>, about: NotificationAbout): void {
  if (wanted.size === 0) return;
  const db = getDb();
  const muted = new Set(
    db
      .select({ userId: notificationMutes.userId, kind: notificationMutes.kind })
      .from(notificationMutes)
      .where(inArray(notificationMutes.userId, [...wanted.keys()]))
      .all()
      .map((m) => `${m.userId}:${m.kind}`),
  );
  const now = new Date();
  const rows = [...wanted]
    .filter(
      ([userId, kind]) =>
        !muted.has(`${userId}:${kind}`) &&
        // One mention per note body (comment_id is null there, which the unique index does not cover).
        !(
          about.commentId === null &&
          about.noteId !== null &&
          db
            .select({ id: notifications.id })
            .from(notifications)
            .where(
              and(
                eq(notifications.userId, userId),
                eq(notifications.noteId, about.noteId),
                isNull(notifications.commentId),
                eq(notifications.kind, kind),
              ),
            )
            .get()
        ),
    )
    .map(([userId, kind]) => ({ userId, kind, ...about, createdAt: now }));
  const created = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    created.push(
      ...db
        .insert(notifications)
        .values(rows.slice(i, i + INSERT_BATCH))
        .onConflictDoNothing()
        .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind })
        .all(),
    );
  }
  queueNotificationMails(created, { ...about, createdAt: now }, now);
}

/** Tells a member their held comment is now public (and mails them, by their settings). Call inside the approval's transaction. */
export function notifyCommentApproved(comment: { id: number; noteId: number; authorId: number }, moderatorId: number): void {
  insertNotifications(new Map([[comment.authorId, 'approved']]), { actorId: moderatorId, noteId: comment.noteId, commentId: comment.id });
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
  const muted = db
    .select({ kind: notificationMutes.kind })
    .from(notificationMutes)
    .where(and(eq(notificationMutes.userId, event.recipientId), eq(notificationMutes.kind, 'appreciation')))
    .get();
  if (muted) return;
  const already = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, event.recipientId),
        eq(notifications.kind, 'appreciation'),
        eq(notifications.noteId, event.noteId),
        gte(notifications.createdAt, new Date(startOfBangkokDay(now))),
      ),
    )
    .get();
  if (already) return;
  db.insert(notifications)
    .values({ userId: event.recipientId, kind: 'appreciation', actorId: event.actorId, noteId: event.noteId, createdAt: new Date(now) })
    .run();
}

/**
 * Tells `userIds` something about a community (an invitation, a join request, its answer), in the
 * site and by mail as each chose (outbox or digest, like comment notifications). Call inside the
 * transaction of the action; muted kinds are skipped.
 */
export function notifyAboutCommunity(kind: CommunityNotificationKind, userIds: number[], actorId: number, communityId: number): void {
  const wanted = new Map<number, NotificationKind>();
  for (const id of userIds) if (id !== actorId) wanted.set(id, kind);
  insertNotifications(wanted, { actorId, noteId: null, commentId: null, communityId });
}

/** Only notifications whose comment and note are still visible are shown or counted (community ones have neither). */
const stillVisible = sql`(${notifications.commentId} IS NULL OR (${comments.deletedAt} IS NULL AND ${comments.hiddenAt} IS NULL AND ${comments.pendingAt} IS NULL))
  AND (${notifications.noteId} IS NULL OR (${notes.deletedAt} IS NULL AND ${notes.hiddenAt} IS NULL))`;

// Prepared once: the header asks on every signed-in page view.
const unreadCount = preparedQuery((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(notes, eq(notes.id, notifications.noteId))
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt), stillVisible))
    .prepare(),
);

export function countUnread(userId: number): number {
  return unreadCount().get({ userId })?.n ?? 0;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  read: boolean;
  createdAt: Date;
  actor: { username: string; displayName: string };
  /** Null for a notification about a community. */
  note: { id: number; title: string } | null;
  community: { slug: string; name: string } | null;
  commentId: number | null;
  excerpt: string;
}

/** The newest notifications of a user. */
export function listNotifications(userId: number, limit = NOTIFICATIONS_PER_PAGE): NotificationView[] {
  return getDb()
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      commentId: notifications.commentId,
      actorUsername: users.username,
      actorDisplayName: users.displayName,
      noteId: notes.id,
      noteTitle: notes.title,
      body: comments.bodyMarkdown,
      communitySlug: communities.slug,
      communityName: communities.name,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(notes, eq(notes.id, notifications.noteId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(communities, eq(communities.id, notifications.communityId))
    .where(and(eq(notifications.userId, userId), stillVisible))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all()
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      read: r.readAt != null,
      createdAt: r.createdAt,
      commentId: r.commentId,
      actor: { username: r.actorUsername, displayName: r.actorDisplayName },
      note: r.noteId != null && r.noteTitle != null ? { id: r.noteId, title: r.noteTitle } : null,
      community: r.communitySlug != null && r.communityName != null ? { slug: r.communitySlug, name: r.communityName } : null,
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
  return getDb()
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conditions))
    .run().changes;
}

/** Marks one notification read and returns where it points (404 when it is not the user's). */
export function openNotification(userId: number, id: number): string {
  const row = getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .get();
  if (!row) throw notFound('การแจ้งเตือนนี้');
  markRead(userId, [id]);
  if (row.noteId == null) {
    const community =
      row.communityId == null
        ? undefined
        : getDb().select({ slug: communities.slug }).from(communities).where(eq(communities.id, row.communityId)).get();
    if (!community) throw notFound('ชุมชนนี้');
    return `/communities/${encodeURIComponent(community.slug)}${row.kind === 'join-request' ? '/manage' : ''}`;
  }
  return `/notes/${row.noteId}${row.commentId ? `#comment-${row.commentId}` : ''}`;
}

export function getMutedKinds(userId: number): NotificationKind[] {
  return getDb()
    .select({ kind: notificationMutes.kind })
    .from(notificationMutes)
    .where(eq(notificationMutes.userId, userId))
    .all()
    .map((r) => r.kind);
}

/** Replaces the kinds a user has turned off. */
export function setMutedKinds(userId: number, muted: NotificationKind[]): void {
  const db = getDb();
  db.transaction(() => {
    db.delete(notificationMutes).where(eq(notificationMutes.userId, userId)).run();
    for (const kind of new Set(muted)) if (NOTIFICATION_KINDS.includes(kind)) db.insert(notificationMutes).values({ userId, kind }).run();
  });
}
