/**
 * Appreciation (ให้กำลังใจ) on notes and comments: one per member and thing, undoable.
 *
 * - Counts join the giver's account, so a suspended member's appreciation stops counting at once
 *   (and comes back if the suspension is lifted); a trigger bumps the pages that showed it.
 * - Every change bumps the note's render_version (migration 0007): the count is part of the shared,
 *   cached page, exactly like comments. Whether *this* member gave is a personal part of the page.
 * - The author hears about it once per note per Bangkok day (notifyAppreciation), not per click.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { commentAppreciations, comments, noteAppreciations, notes } from '~db/schema.ts';
import { commentAppreciationCounts, mostAppreciatedThisWeek } from './caches.ts';
import { forbidden, needLogin, notFound } from './errors.ts';
import { notifyAppreciation } from './notification.ts';
import { can } from './permissions.ts';
import { enforceRateLimit, RATE_LIMITS } from './rate-limit.ts';
import { getNoteSummaries, isPublicNote, type NoteSummary } from './note.ts';
import type { SessionUser } from './user.ts';
import { DAY_MS } from '../time.ts';

export interface AppreciationState {
  count: number;
  given: boolean;
}

const noteCount = preparedQuery((db) =>
  db.$client
    .prepare<[number], number>(
      'SELECT count(*) FROM note_appreciations a JOIN users u ON u.id = a.user_id WHERE a.note_id = ? AND u.suspended_at IS NULL',
    )
    .pluck(),
);
const commentCount = preparedQuery((db) =>
  db.$client
    .prepare<[number], number>(
      'SELECT count(*) FROM comment_appreciations a JOIN users u ON u.id = a.user_id WHERE a.comment_id = ? AND u.suspended_at IS NULL',
    )
    .pluck(),
);
const commentCountsOfNote = preparedQuery((db) =>
  db.$client.prepare<[number], { commentId: number; n: number }>(
    'SELECT a.comment_id AS commentId, count(*) AS n FROM comment_appreciations a JOIN users u ON u.id = a.user_id WHERE a.note_id = ? AND u.suspended_at IS NULL GROUP BY a.comment_id',
  ),
);
const givenToNote = preparedQuery((db) =>
  db.$client.prepare<[number, number], number>('SELECT 1 FROM note_appreciations WHERE note_id = ? AND user_id = ?').pluck(),
);
const givenToCommentsOfNote = preparedQuery((db) =>
  db.$client.prepare<[number, number], number>('SELECT comment_id FROM comment_appreciations WHERE note_id = ? AND user_id = ?').pluck(),
);

/** How many active members appreciated the note. */
export function countNoteAppreciation(noteId: number): number {
  return noteCount().get(noteId) ?? 0;
}

const renderVersionOf = preparedQuery((db) =>
  db.$client.prepare<[number], number>('SELECT render_version FROM notes WHERE id = ?').pluck(),
);

/**
 * Appreciation counts of a note's comments (comments without any are absent), remembered per
 * notes.render_version: every appreciation and every suspension of a giver bumps it (triggers), so
 * a remembered map is never older than the version read first. Signed-in pages ask on every view.
 */
export function countCommentAppreciation(noteId: number): Map<number, number> {
  const version = renderVersionOf().get(noteId);
  const key = `${noteId}:${version}`;
  let counts = commentAppreciationCounts.get(key);
  if (!counts) {
    counts = new Map(
      commentCountsOfNote()
        .all(noteId)
        .map((r) => [r.commentId, r.n]),
    );
    if (version !== undefined) commentAppreciationCounts.set(key, counts);
  }
  return counts;
}

/** Whether this member appreciated the note (false for anonymous readers). */
export function hasAppreciatedNote(userId: number | undefined, noteId: number): boolean {
  return userId !== undefined && givenToNote().get(noteId, userId) === 1;
}

/** The comments of this note the member appreciated. */
function appreciatedCommentIds(userId: number | undefined, noteId: number): Set<number> {
  return userId === undefined ? new Set() : new Set(givenToCommentsOfNote().all(noteId, userId));
}

function requireGiver(user: SessionUser | null, authorId: number): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'appreciate', { authorId })) {
    throw forbidden(user.id === authorId ? 'ให้กำลังใจงานเขียนของตนเองไม่ได้ ลองให้กำลังใจบันทึกของเพื่อนสมาชิกแทน' : 'บัญชีของคุณให้กำลังใจไม่ได้ในขณะนี้');
  }
  enforceRateLimit(`appreciation:user:${user.id}`, RATE_LIMITS.appreciationPerUser);
  return user;
}

function publicNote(noteId: number) {
  return getDb()
    .select({ id: notes.id, authorId: notes.authorId })
    .from(notes)
    .where(and(eq(notes.id, noteId), isPublicNote))
    .get();
}

/** Whether anyone may read the note (published, not deleted or hidden, author not suspended). */
const isNoteListed = (noteId: number) => publicNote(noteId) !== undefined;

/** A note anyone may read, or 404. */
function requirePublicNote(noteId: number) {
  const note = publicNote(noteId);
  if (!note) throw notFound('บันทึกนี้');
  return note;
}

/** Gives (or takes back) appreciation for a note; idempotent. */
export function setNoteAppreciation(user: SessionUser | null, noteId: number, give: boolean): AppreciationState {
  const note = requirePublicNote(noteId);
  const giver = requireGiver(user, note.authorId);
  const db = getDb();
  writeTransaction(() => {
    if (!give) {
      db.delete(noteAppreciations)
        .where(and(eq(noteAppreciations.noteId, noteId), eq(noteAppreciations.userId, giver.id)))
        .run();
      return;
    }
    const added = db.insert(noteAppreciations).values({ noteId, userId: giver.id }).onConflictDoNothing().run().changes > 0;
    if (added) notifyAppreciation({ recipientId: note.authorId, actorId: giver.id, noteId, commentId: null });
  });
  return { count: countNoteAppreciation(noteId), given: give };
}

/** Gives (or takes back) appreciation for a visible comment on a public note; idempotent. */
export function setCommentAppreciation(user: SessionUser | null, commentId: number, give: boolean): AppreciationState {
  const db = getDb();
  const comment = db
    .select({
      id: comments.id,
      noteId: comments.noteId,
      authorId: comments.authorId,
      deletedAt: comments.deletedAt,
      hiddenAt: comments.hiddenAt,
      pendingAt: comments.pendingAt,
    })
    .from(comments)
    .where(eq(comments.id, commentId))
    .get();
  if (!comment || comment.deletedAt || comment.hiddenAt || comment.pendingAt) throw notFound('ความเห็นนี้');
  // Under a note the reader may not see, the comment is as missing as the note (not "note not found").
  if (!isNoteListed(comment.noteId)) throw notFound('ความเห็นนี้');
  const giver = requireGiver(user, comment.authorId);
  writeTransaction(() => {
    if (!give) {
      db.delete(commentAppreciations)
        .where(and(eq(commentAppreciations.commentId, commentId), eq(commentAppreciations.userId, giver.id)))
        .run();
      return;
    }
    const added =
      db.insert(commentAppreciations).values({ commentId, noteId: comment.noteId, userId: giver.id }).onConflictDoNothing().run().changes >
      0;
    if (added) notifyAppreciation({ recipientId: comment.authorId, actorId: giver.id, noteId: comment.noteId, commentId });
  });
  return { count: commentCount().get(commentId) ?? 0, given: give };
}

const WEEK_MS = 7 * DAY_MS;

export interface AppreciatedNote extends NoteSummary {
  appreciationCount: number;
}

/** Candidates read per list: more than shown, so notes hidden or deleted since can drop out. */
const WEEKLY_CANDIDATES = 40;

/**
 * Public notes that received the most appreciation in the last seven days (from appreciation, not
 * views), most first; at most a minute old. NOTE: the week's (note, giver) pairs come from one
 * covering index, without touching `notes` (a note row is mostly its body: reading its status for
 * each of 30k appreciations cost ~1 s); only the top candidates are then loaded and checked.
 */
export function listMostAppreciatedThisWeek(limit = 8): AppreciatedNote[] {
  const cached = mostAppreciatedThisWeek.get(limit); // a minute at most (caches.ts)
  if (cached) return cached;
  const now = Date.now();
  // CROSS JOIN keeps SQLite reading the week's index range first (without statistics it may walk every member instead).
  const rows = getDb().all<{ noteId: number; n: number }>(sql`SELECT a.note_id AS noteId, count(*) AS n
    FROM note_appreciations a INDEXED BY note_appreciations_created_idx CROSS JOIN users u ON u.id = a.user_id
    WHERE a.created_at >= ${now - WEEK_MS} AND u.suspended_at IS NULL
    GROUP BY a.note_id ORDER BY n DESC, a.note_id DESC LIMIT ${WEEKLY_CANDIDATES}`);
  const counts = new Map(rows.map((r) => [r.noteId, r.n]));
  const visible = new Set(
    getDb()
      .select({ id: notes.id })
      .from(notes)
      .where(
        and(
          inArray(
            notes.id,
            rows.map((r) => r.noteId),
          ),
          isPublicNote,
        ),
      )
      .all()
      .map((r) => r.id),
  );
  const top = rows
    .filter((r) => visible.has(r.noteId))
    .slice(0, limit)
    .map((r) => r.noteId);
  const list = getNoteSummaries(top).map((note) => ({ ...note, appreciationCount: counts.get(note.id)! }));
  mostAppreciatedThisWeek.set(limit, list);
  return list;
}

/** The note's comment counts and which of them this viewer appreciated, for the comments list. */
export function commentAppreciationFor(noteId: number, viewerId: number | undefined): { counts: Map<number, number>; given: Set<number> } {
  return { counts: countCommentAppreciation(noteId), given: appreciatedCommentIds(viewerId, noteId) };
}
