/**
 * Daily and weekly digests, built at each Bangkok midnight for the day (or Monday-to-Sunday week)
 * that just ended: notifications a member chose to get daily (or that passed the hourly cap) and,
 * when opted in, new notes from the people and communities they follow. Each digest is one outbox
 * row with a per-member, per-period dedupe key, written in the same transaction that marks its
 * items done, so a crash or a second run never loses or repeats one.
 */
import { hasConsent } from '../consent.ts';
import { aliasedTable, and, asc, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { comments, communities, mailDigestItems, mailDigestRuns, mailSettings, notes, notifications, users } from '~db/schema.ts';
import { DAY_MS, HOUR_MS } from '../../time.ts';
import { composeDigestMail, type NotificationMailInput } from './compose.ts';
import { MAIL_KIND_OF, type MailKind } from './kinds.ts';
import { getMailSettings } from './settings.ts';
import { enqueueMail } from './outbox.ts';

/** Bangkok is UTC+7 all year (no daylight saving). */
const BANGKOK_OFFSET_MS = 7 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const MONDAY = 1;
/** A digest lists at most this many notes from follows (the feed page has the rest). */
const MAX_DIGEST_NOTES = 50;

/** The latest Bangkok midnight at or before `now`. */
export function bangkokMidnightAtOrBefore(now: Date): Date {
  return new Date(Math.floor((now.getTime() + BANGKOK_OFFSET_MS) / DAY_MS) * DAY_MS - BANGKOK_OFFSET_MS);
}

const isMondayInBangkok = (midnight: Date) => new Date(midnight.getTime() + BANGKOK_OFFSET_MS).getUTCDay() === MONDAY;

const actors = aliasedTable(users, 'actors');

function waitingItems(userId: number, periodEnd: Date) {
  return getDb()
    .select({
      itemId: mailDigestItems.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      actorUsername: actors.username,
      actorDisplayName: actors.displayName,
      noteId: notes.id,
      noteTitle: notes.title,
      commentId: comments.id,
      commentBody: comments.bodyMarkdown,
      commentCreatedAt: comments.createdAt,
      communitySlug: communities.slug,
      communityName: communities.name,
      // A community notification has no note or comment; a comment notification no community. A join
      // request already answered, or an invitation to a community the member has since joined, is news no more.
      visible: sql<number>`${notes.deletedAt} IS NULL AND ${notes.hiddenAt} IS NULL AND ${comments.deletedAt} IS NULL AND ${comments.hiddenAt} IS NULL AND ${comments.pendingAt} IS NULL
      AND (${notes.id} IS NOT NULL OR ${communities.id} IS NOT NULL)
      AND (${notifications.kind} <> 'join-request' OR EXISTS (SELECT 1 FROM community_join_requests r
        WHERE r.community_id = ${notifications.communityId} AND r.user_id = ${notifications.actorId}))
      AND (${notifications.kind} <> 'community-invitation' OR NOT EXISTS (SELECT 1 FROM community_members m
        WHERE m.community_id = ${notifications.communityId} AND m.user_id = ${notifications.userId}))`,
    })
    .from(mailDigestItems)
    .innerJoin(notifications, eq(notifications.id, mailDigestItems.notificationId))
    .innerJoin(actors, eq(actors.id, notifications.actorId))
    .leftJoin(notes, eq(notes.id, notifications.noteId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(communities, eq(communities.id, notifications.communityId))
    .where(and(eq(mailDigestItems.userId, userId), isNull(mailDigestItems.digestedAt), lt(mailDigestItems.createdAt, periodEnd)))
    .orderBy(asc(mailDigestItems.id))
    .all();
}

function notesFromFollows(userId: number, from: Date, until: Date) {
  const followed = or(
    sql`${notes.authorId} IN (SELECT followee_id FROM user_follows WHERE follower_id = ${userId})`,
    sql`${notes.id} IN (SELECT cn.note_id FROM community_notes cn JOIN community_follows cf ON cf.community_id = cn.community_id WHERE cf.follower_id = ${userId})`,
  );
  return getDb()
    .select({ id: notes.id, title: notes.title, author: users.displayName, publishedAt: notes.publishedAt })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(
      and(
        eq(notes.status, 'published'),
        isNull(notes.deletedAt),
        isNull(notes.hiddenAt),
        isNull(users.suspendedAt),
        ne(notes.authorId, userId),
        gte(notes.publishedAt, from),
        lt(notes.publishedAt, until),
        followed,
      ),
    )
    .orderBy(asc(notes.publishedAt))
    .limit(MAX_DIGEST_NOTES)
    .all()
    .map((n) => ({ ...n, publishedAt: n.publishedAt! }));
}

/** Builds (at most once) the digest of one member for the period ending at `periodEnd`; true when a mail was queued. */
function buildDigest(userId: number, periodEnd: Date, now: Date): boolean {
  const db = getDb();
  return writeTransaction(() => {
    const user = db.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return false;
    const settings = getMailSettings(userId);
    const items = waitingItems(userId, periodEnd);
    const followsMode = settings.follows;
    const followsDue = followsMode === 'daily' || (followsMode === 'weekly' && isMondayInBangkok(periodEnd));
    let followNotes: ReturnType<typeof notesFromFollows> = [];
    if (followsDue) {
      const lastUntil = db
        .select({ until: mailDigestRuns.until })
        .from(mailDigestRuns)
        .where(eq(mailDigestRuns.userId, userId))
        .get()?.until;
      const from = new Date(Math.max(lastUntil?.getTime() ?? 0, periodEnd.getTime() - (followsMode === 'weekly' ? WEEK_MS : DAY_MS)));
      if (from < periodEnd) followNotes = notesFromFollows(userId, from, periodEnd);
      db.insert(mailDigestRuns)
        .values({ userId, until: periodEnd })
        .onConflictDoUpdate({ target: mailDigestRuns.userId, set: { until: periodEnd } })
        .run();
    }
    const itemIds = items.map((i) => i.itemId);
    if (itemIds.length) db.update(mailDigestItems).set({ digestedAt: periodEnd }).where(inArray(mailDigestItems.id, itemIds)).run();
    // A kind turned off since, or a comment since hidden or deleted, is dropped without a mail.
    const shown = items.filter((i) => i.visible && MAIL_KIND_OF[i.kind] && settings[MAIL_KIND_OF[i.kind]!] !== 'off');
    if (!user.email || !user.emailVerifiedAt || user.suspendedAt || (shown.length === 0 && followNotes.length === 0)) return false;
    if (!hasConsent(userId, 'mail')) return false; // consent withdrawn since the items were queued
    const digestKinds = new Set<MailKind>(shown.map((i) => MAIL_KIND_OF[i.kind]!).filter((k) => settings[k] === 'daily'));
    if (followNotes.length) digestKinds.add('follows');
    const mail = composeDigestMail({
      recipient: { id: userId, displayName: user.displayName },
      periodEnd,
      weekly: followsDue && followsMode === 'weekly' && shown.length === 0,
      kinds: [...digestKinds],
      notes: followNotes,
      items: shown.map((i): NotificationMailInput => ({
        recipient: { id: userId, displayName: user.displayName },
        kind: i.kind,
        createdAt: i.createdAt,
        actor: { username: i.actorUsername, displayName: i.actorDisplayName },
        note: i.noteId != null ? { id: i.noteId, title: i.noteTitle ?? '' } : null,
        community: i.communitySlug != null ? { slug: i.communitySlug, name: i.communityName ?? '' } : null,
        comment: i.commentId != null ? { id: i.commentId, body: i.commentBody ?? '', createdAt: i.commentCreatedAt ?? i.createdAt } : null,
      })),
    });
    return (
      enqueueMail({ ...mail, userId, kind: 'digest', to: user.email, dedupeKey: `digest:${userId}:${periodEnd.getTime()}` }, now) !== null
    );
  });
}

/**
 * Builds every digest due at the latest Bangkok midnight before `now`: members with waiting items
 * from before that midnight, and members who chose a daily (or, on Mondays, weekly) digest of follows
 * and have not had it for this period. Returns how many mails were queued. Safe to call often.
 */
export function buildDueDigests(now: Date): number {
  const periodEnd = bangkokMidnightAtOrBefore(now);
  const db = getDb();
  const withItems = db
    .selectDistinct({ userId: mailDigestItems.userId })
    .from(mailDigestItems)
    .where(and(isNull(mailDigestItems.digestedAt), lt(mailDigestItems.createdAt, periodEnd)))
    .all()
    .map((r) => r.userId);
  const followModes = isMondayInBangkok(periodEnd) ? ['daily', 'weekly'] : ['daily'];
  const withFollows = db
    .select({ userId: mailSettings.userId })
    .from(mailSettings)
    .leftJoin(mailDigestRuns, eq(mailDigestRuns.userId, mailSettings.userId))
    .where(
      and(
        eq(mailSettings.kind, 'follows'),
        inArray(mailSettings.mode, followModes),
        or(isNull(mailDigestRuns.until), lt(mailDigestRuns.until, periodEnd)),
      ),
    )
    .all()
    .map((r) => r.userId);
  let queued = 0;
  for (const userId of new Set([...withItems, ...withFollows])) if (buildDigest(userId, periodEnd, now)) queued++;
  return queued;
}
