/**
 * Writing mail into the durable outbox. Called inside the transaction of the event that causes the
 * mail, so the mail exists exactly when its cause does; the cluster primary's sender delivers it
 * (sender.ts). Nothing here talks to SMTP.
 */
import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { aliasedTable, and, eq, gt, isNull, notInArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, mailDigestItems, mailOutbox, notes, notifications, users } from '~db/schema.ts';
import { HOUR_MS } from '../../time.ts';
import { getSiteUrl } from '../site.ts';
import { composeNotificationMail, type ComposedMail } from './compose.ts';
import { MAIL_KIND_OF } from './kinds.ts';
import { getMailMode } from './settings.ts';

/** No member gets more immediate mails than this in an hour; the rest fold into the next digest. */
export const IMMEDIATE_MAILS_PER_HOUR = 10;
/** Outbox kinds that are not immediate notification mails (they never count towards the cap). */
export const NON_NOTIFICATION_MAIL_KINDS = ['digest', 'verify'];

export interface OutgoingMail extends ComposedMail {
  userId: number | null;
  kind: string;
  to: string;
  /** One mail per key, ever: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
}

/** Inserts a pending mail with its final Message-ID; returns its id (null when the dedupe key existed). */
export function enqueueMail(mail: OutgoingMail, now = new Date()): number | null {
  const row = getDb().insert(mailOutbox).values({
    userId: mail.userId, kind: mail.kind, toAddress: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html,
    headers: mail.headers, messageId: `<${randomUUID()}@${getSiteUrl().hostname}>`, dedupeKey: mail.dedupeKey ?? null, nextAttemptAt: now, createdAt: now,
  }).onConflictDoNothing().returning({ id: mailOutbox.id }).get();
  if (row) nudgeAfterCommit();
  return row?.id ?? null;
}

let localWake: (() => void) | undefined;
/** The sender in this process (cluster primary or a lone server) registers how to wake it. */
export function setLocalMailWake(wake: (() => void) | undefined): void {
  localWake = wake;
}

let nudgeScheduled = false;
/**
 * Tells the sender there is new mail. Deferred with setImmediate: the enqueue runs inside a
 * synchronous transaction, and the sender must not look before it commits. A cluster worker asks
 * the primary over IPC; a lost nudge only costs the sender's next poll.
 */
function nudgeAfterCommit(): void {
  if (nudgeScheduled) return;
  nudgeScheduled = true;
  setImmediate(() => {
    nudgeScheduled = false;
    if (cluster.isWorker && process.send) process.send({ type: 'banthuek:mail-queued' });
    else localWake?.();
  });
}

export const isMailQueuedMessage = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'banthuek:mail-queued';

const actors = aliasedTable(users, 'actors');

/** Immediate notification mails the member was sent (or is about to be) in the last hour. */
function immediateMailsLastHour(userId: number, now: Date): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(mailOutbox)
    .where(and(eq(mailOutbox.userId, userId), gt(mailOutbox.createdAt, new Date(now.getTime() - HOUR_MS)), notInArray(mailOutbox.kind, NON_NOTIFICATION_MAIL_KINDS))).get()?.n ?? 0;
}

/**
 * Decides what one new in-site notification means for mail, by the member's setting for its kind:
 * a mail now (unless the hourly cap is reached), a line in the next digest, or nothing. Only a
 * verified address of an active account gets mail. Call inside the notification's transaction.
 */
export function queueNotificationMail(notificationId: number, now = new Date()): void {
  const db = getDb();
  const row = db.select({
    id: notifications.id, kind: notifications.kind, userId: notifications.userId, createdAt: notifications.createdAt,
    email: users.email, verifiedAt: users.emailVerifiedAt, suspendedAt: users.suspendedAt, displayName: users.displayName,
    actorUsername: actors.username, actorDisplayName: actors.displayName, noteId: notes.id, noteTitle: notes.title,
    commentId: comments.id, commentBody: comments.bodyMarkdown, commentCreatedAt: comments.createdAt,
  }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).innerJoin(actors, eq(actors.id, notifications.actorId))
    .innerJoin(notes, eq(notes.id, notifications.noteId)).leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(eq(notifications.id, notificationId)).get();
  if (!row?.email || !row.verifiedAt || row.suspendedAt) return;
  const mailKind = MAIL_KIND_OF[row.kind];
  const mode = getMailMode(row.userId, mailKind);
  if (mode === 'off') return;
  if (mode !== 'immediate' || immediateMailsLastHour(row.userId, now) >= IMMEDIATE_MAILS_PER_HOUR) {
    db.insert(mailDigestItems).values({ userId: row.userId, notificationId: row.id, createdAt: now }).run();
    return;
  }
  const mail = composeNotificationMail({
    recipient: { id: row.userId, displayName: row.displayName }, kind: row.kind, createdAt: row.createdAt,
    actor: { username: row.actorUsername, displayName: row.actorDisplayName }, note: { id: row.noteId, title: row.noteTitle },
    comment: row.commentId != null ? { id: row.commentId, body: row.commentBody ?? '', createdAt: row.commentCreatedAt ?? row.createdAt } : null,
  }, mailKind);
  enqueueMail({ ...mail, userId: row.userId, kind: mailKind, to: row.email, dedupeKey: `notification:${row.id}` }, now);
}

/** Digest items of a member not yet mailed (for tests and the status command). */
export function countWaitingDigestItems(userId?: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(mailDigestItems)
    .where(and(isNull(mailDigestItems.digestedAt), userId === undefined ? undefined : eq(mailDigestItems.userId, userId))).get()?.n ?? 0;
}
