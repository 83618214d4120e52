/**
 * Writing mail into the durable outbox. Called inside the transaction of the event that causes the
 * mail, so the mail exists exactly when its cause does; the cluster primary's sender delivers it
 * (sender.ts). Nothing here talks to SMTP.
 */
import { usersWithConsent } from '../consent.ts';
import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { and, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, communities, mailDigestItems, mailOutbox, mailSettings, notes, users, type NotificationKind } from '~db/schema.ts';
import { HOUR_MS } from '../../time.ts';
import { getSiteUrl } from '../site.ts';
import { composeNotificationMail, type ComposedMail, type NotificationMailInput } from './compose.ts';
import { MAIL_KIND_OF } from './kinds.ts';
import { modeFrom } from './settings.ts';

/** No member gets more immediate mails than this in an hour; the rest fold into the next digest. */
const IMMEDIATE_MAILS_PER_HOUR = 10;
/** Outbox kinds that are not immediate notification mails (they never count towards the cap). */
const NON_NOTIFICATION_MAIL_KINDS = ['digest', 'verify', 'email-in-use'];

export interface OutgoingMail extends ComposedMail {
  userId: number | null;
  kind: string;
  to: string;
  /** One mail per key, ever: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
}

/** Inserts a pending mail with its final Message-ID; returns its id (null when the dedupe key existed). */
export function enqueueMail(mail: OutgoingMail, now = new Date()): number | null {
  const row = getDb()
    .insert(mailOutbox)
    .values({
      userId: mail.userId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      headers: mail.headers,
      messageId: `<${randomUUID()}@${getSiteUrl().hostname}>`,
      dedupeKey: mail.dedupeKey ?? null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: mailOutbox.id })
    .get();
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

/** Immediate notification mails the member was sent (or is about to be) in the last hour. */
function immediateMailsLastHour(userId: number, now: Date): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.userId, userId),
          gt(mailOutbox.createdAt, new Date(now.getTime() - HOUR_MS)),
          notInArray(mailOutbox.kind, NON_NOTIFICATION_MAIL_KINDS),
        ),
      )
      .get()?.n ?? 0
  );
}

/** New notifications of one event (one actor; one note and at most one comment, or one community). */
export interface NewNotification {
  id: number;
  userId: number;
  kind: NotificationKind;
}

/** What the mails of one event share: who acted, on which note and comment, or on which community. */
export interface NotificationEvent {
  actorId: number;
  noteId: number | null;
  commentId: number | null;
  communityId?: number | null;
  createdAt: Date;
  /** Kind 'moderation': the moderator's reason. */
  reason?: string;
}

/** SQLite's limit on bound variables is far above this; batches keep statements small. */
const BATCH = 500;

/**
 * Decides what each new in-site notification of one event means for mail, by its recipient's
 * setting for that kind: a mail now (unless the hourly cap is reached), a line in the next digest,
 * or nothing. Only a verified address of an active account gets mail. Set-based, so a comment on a
 * thread with hundreds of watchers stays a few statements. Call inside the event's transaction.
 */
export function queueNotificationMails(created: NewNotification[], event: NotificationEvent, now = new Date()): void {
  if (created.length === 0) return;
  const db = getDb();
  const ids = [...new Set(created.map((n) => n.userId))];
  const people = new Map<number, { email: string | null; verifiedAt: Date | null; suspendedAt: Date | null; displayName: string }>();
  const chosen = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    for (const p of db
      .select({
        id: users.id,
        email: users.email,
        verifiedAt: users.emailVerifiedAt,
        suspendedAt: users.suspendedAt,
        displayName: users.displayName,
      })
      .from(users)
      .where(inArray(users.id, chunk))
      .all())
      people.set(p.id, p);
    for (const s of db.select().from(mailSettings).where(inArray(mailSettings.userId, chunk)).all())
      chosen.set(`${s.userId}:${s.kind}`, s.mode);
  }
  // Notification and digest mail is optional processing: only members who said yes (PDPA s.19).
  const consenting = usersWithConsent(ids, 'mail');
  const digestItems: { userId: number; notificationId: number; createdAt: Date }[] = [];
  let context: Omit<NotificationMailInput, 'recipient' | 'kind'> | undefined;
  for (const n of created) {
    const person = people.get(n.userId);
    if (!person?.email || !person.verifiedAt || person.suspendedAt || !consenting.has(n.userId)) continue;
    const mailKind = MAIL_KIND_OF[n.kind];
    if (!mailKind) continue;
    const mode = modeFrom(mailKind, chosen.get(`${n.userId}:${mailKind}`));
    if (mode === 'off') continue;
    if (mode !== 'immediate' || immediateMailsLastHour(n.userId, now) >= IMMEDIATE_MAILS_PER_HOUR) {
      digestItems.push({ userId: n.userId, notificationId: n.id, createdAt: now });
      continue;
    }
    context ??= loadEventContext(event);
    const mail = composeNotificationMail(
      { ...context, recipient: { id: n.userId, displayName: person.displayName }, kind: n.kind },
      mailKind,
    );
    enqueueMail({ ...mail, userId: n.userId, kind: mailKind, to: person.email, dedupeKey: `notification:${n.id}` }, now);
  }
  for (let i = 0; i < digestItems.length; i += BATCH)
    db.insert(mailDigestItems)
      .values(digestItems.slice(i, i + BATCH))
      .run();
}

function loadEventContext(event: NotificationEvent): Omit<NotificationMailInput, 'recipient' | 'kind'> {
  const db = getDb();
  const actor = db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, event.actorId))
    .get()!;
  const note =
    event.noteId == null
      ? null
      : (db.select({ id: notes.id, title: notes.title }).from(notes).where(eq(notes.id, event.noteId)).get() ?? null);
  const community =
    event.communityId == null
      ? null
      : (db
          .select({ slug: communities.slug, name: communities.name })
          .from(communities)
          .where(eq(communities.id, event.communityId))
          .get() ?? null);
  const comment =
    event.commentId === null
      ? null
      : (db
          .select({ id: comments.id, body: comments.bodyMarkdown, createdAt: comments.createdAt })
          .from(comments)
          .where(eq(comments.id, event.commentId))
          .get() ?? null);
  return { actor, note, community, comment, createdAt: event.createdAt, reason: event.reason ?? null };
}

/** Digest items of a member not yet mailed (for tests and the status command). */
export function countWaitingDigestItems(userId?: number): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(mailDigestItems)
      .where(and(isNull(mailDigestItems.digestedAt), userId === undefined ? undefined : eq(mailDigestItems.userId, userId)))
      .get()?.n ?? 0
  );
}
