/**
 * Bookmarks (เก็บไว้อ่าน): a member keeps notes to read later, listed only to them at /saved.
 * Saving needs the note to be readable by the member; the list hides notes that stopped being so.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { bookmarks, notes } from '~db/schema.ts';
import { forbidden, needLogin, notFound } from './errors.ts';
import { getNoteForViewer, getNoteSummaries, isPublicNote, NOTES_PER_PAGE, type NoteSummary, type Page } from './note.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';
import { enforceReactionLimit } from './rate-limit.ts';

function requireReader(user: SessionUser | null): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'bookmark')) throw forbidden('บัญชีของคุณเก็บบันทึกไว้อ่านไม่ได้ในขณะนี้');
  return user;
}

/** Saves or removes a bookmark (idempotent); 404 for a note the member may not read. */
export function setBookmark(user: SessionUser | null, noteId: number, save: boolean): { bookmarked: boolean } {
  const reader = requireReader(user);
  enforceReactionLimit(reader.id);
  const db = getDb();
  if (!save) {
    db.delete(bookmarks)
      .where(and(eq(bookmarks.userId, reader.id), eq(bookmarks.noteId, noteId)))
      .run();
    return { bookmarked: false };
  }
  const note = getNoteForViewer(reader, noteId); // throws 404/410 for what the member may not read
  if (note.status !== 'published') throw notFound('บันทึกนี้');
  db.insert(bookmarks).values({ userId: reader.id, noteId }).onConflictDoNothing().run();
  return { bookmarked: true };
}

// Prepared once: signed-in note pages ask on every view.
const savedByUser = preparedQuery((db) =>
  db.$client.prepare<[number, number], number>('SELECT 1 FROM bookmarks WHERE user_id = ? AND note_id = ?').pluck(),
);

export function isBookmarked(userId: number | undefined, noteId: number): boolean {
  return userId !== undefined && savedByUser().get(userId, noteId) === 1;
}

/** The member's saved notes that are still public, most recently saved first. */
export function listBookmarks(userId: number, page = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  const db = getDb();
  // Joined per bookmark (a member keeps tens or hundreds), not "IN (every public note)".
  const visible = and(eq(bookmarks.userId, userId), isPublicNote);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(bookmarks)
      .innerJoin(notes, eq(notes.id, bookmarks.noteId))
      .where(visible)
      .get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  page = Math.min(Math.max(1, Number.isSafeInteger(page) ? page : 1), pageCount);
  const ids = db
    .select({ id: bookmarks.noteId })
    .from(bookmarks)
    .innerJoin(notes, eq(notes.id, bookmarks.noteId))
    .where(visible)
    .orderBy(desc(bookmarks.createdAt), desc(bookmarks.noteId))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all()
    .map((r) => r.id);
  return { items: getNoteSummaries(ids), page, pageCount, total };
}
