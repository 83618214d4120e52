/**
 * Series (ชุดบันทึก): an author's named, ordered group of their own notes. A note is in at most one
 * series; each part's page shows "ตอนที่ 3 จาก 7" with previous/next links and the list, counting
 * only the parts readers can see. Triggers (migration 0007) bump render_version of every part when
 * the series, its order or a part's title/visibility changes, so cached pages follow.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { notes, series, seriesNotes, users } from '~db/schema.ts';
import type { SeriesInput, SeriesPatch } from '../series-validation.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { getNoteSummaries, type NoteSummary } from './note.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';

export const seriesPath = (id: number) => `/series/${id}`;

interface SeriesPart {
  id: number;
  title: string;
}

/** What a part's page shows: the series, its visible parts in order, and where this note is. */
export interface SeriesPlacement {
  id: number;
  title: string;
  parts: SeriesPart[];
  /** 1-based position of this note among the visible parts. */
  position: number;
  previous: SeriesPart | null;
  next: SeriesPart | null;
}

export interface SeriesDetail {
  id: number;
  title: string;
  description: string;
  author: { id: number; username: string; displayName: string };
  updatedAt: Date;
  /** Parts the viewer may read, in order (the author also sees drafts). */
  notes: NoteSummary[];
}

const seriesIdOfNote = preparedQuery((db) =>
  db.$client.prepare<[number], { seriesId: number; title: string }>(
    'SELECT s.id AS seriesId, s.title FROM series_notes sn JOIN series s ON s.id = sn.series_id WHERE sn.note_id = ?',
  ),
);
const publicPartsOf = preparedQuery((db) =>
  db.$client.prepare<[number], SeriesPart>(
    `SELECT n.id, n.title FROM series_notes sn JOIN notes n ON n.id = sn.note_id
   WHERE sn.series_id = ? AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.author_id AND u.suspended_at IS NOT NULL) ORDER BY sn.position, n.id`,
  ),
);

/** The series a public note belongs to, as its page shows it; null when it is in none (or hidden itself). */
export function getSeriesPlacement(noteId: number): SeriesPlacement | null {
  const found = seriesIdOfNote().get(noteId);
  if (!found) return null;
  const parts = publicPartsOf().all(found.seriesId);
  const at = parts.findIndex((p) => p.id === noteId);
  if (at === -1) return null;
  return { id: found.seriesId, title: found.title, parts, position: at + 1, previous: parts[at - 1] ?? null, next: parts[at + 1] ?? null };
}

function requireAuthor(user: SessionUser | null): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'series:create')) throw forbidden('บัญชีของคุณสร้างชุดบันทึกไม่ได้ในขณะนี้');
  return user;
}

function requireOwnSeries(user: SessionUser | null, id: number) {
  const author = requireAuthor(user);
  const row = getDb().select().from(series).where(eq(series.id, id)).get();
  if (!row) throw notFound('ชุดบันทึกนี้');
  if (!can(author, 'series:edit', { authorId: row.authorId })) throw forbidden('แก้ไขได้เฉพาะชุดบันทึกของตนเอง');
  return { author, row };
}

/** Puts exactly `noteIds` in the series in that order; each must be the author's own, not deleted. Call in a transaction. */
function replaceParts(authorId: number, seriesId: number, noteIds: number[]): void {
  const db = getDb();
  if (noteIds.length > 0) {
    const own = db
      .select({ id: notes.id })
      .from(notes)
      .where(and(inArray(notes.id, noteIds), eq(notes.authorId, authorId), isNull(notes.deletedAt)))
      .all();
    if (own.length !== noteIds.length)
      throw new DomainError(400, 'ใส่ได้เฉพาะบันทึกของคุณเองที่ยังไม่ถูกลบ', { noteIds: 'มีบันทึกที่ไม่ใช่ของคุณหรือถูกลบไปแล้ว' });
  }
  db.delete(seriesNotes).where(eq(seriesNotes.seriesId, seriesId)).run();
  // A note moved here from another of the author's series leaves that one (a note is in one series).
  if (noteIds.length > 0) db.delete(seriesNotes).where(inArray(seriesNotes.noteId, noteIds)).run();
  noteIds.forEach((noteId, index) =>
    db
      .insert(seriesNotes)
      .values({ seriesId, noteId, position: index + 1 })
      .run(),
  );
}

export function createSeries(user: SessionUser | null, input: SeriesInput): { id: number } {
  const author = requireAuthor(user);
  enforceRateLimit(`series:user:${author.id}`, RATE_LIMITS.seriesPerUser);
  const db = getDb();
  return writeTransaction(() => {
    const row = db
      .insert(series)
      .values({ authorId: author.id, title: input.title, description: input.description })
      .returning({ id: series.id })
      .get();
    replaceParts(author.id, row.id, input.noteIds);
    return row;
  });
}

export function updateSeries(user: SessionUser | null, id: number, patch: SeriesPatch): void {
  const { author } = requireOwnSeries(user, id);
  const db = getDb();
  writeTransaction(() => {
    const { noteIds, ...fields } = patch;
    db.update(series)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(series.id, id))
      .run();
    if (noteIds) replaceParts(author.id, id, noteIds);
  });
}

export function deleteSeries(user: SessionUser | null, id: number): void {
  requireOwnSeries(user, id);
  getDb().delete(series).where(eq(series.id, id)).run();
}

/** The ids of a series' parts in order, drafts and hidden ones included (for its author); deleted notes are gone. */
export function listPartIds(seriesId: number): number[] {
  return getDb()
    .select({ id: seriesNotes.noteId })
    .from(seriesNotes)
    .innerJoin(notes, eq(notes.id, seriesNotes.noteId))
    .where(and(eq(seriesNotes.seriesId, seriesId), isNull(notes.deletedAt)))
    .orderBy(asc(seriesNotes.position), asc(seriesNotes.noteId))
    .all()
    .map((r) => r.id);
}

/** A series as `viewer` may see it: readers get its public parts, the author also their drafts. */
export function getSeries(viewer: SessionUser | null, id: number): SeriesDetail {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('ชุดบันทึกนี้');
  const row = getDb()
    .select({ s: series, username: users.username, displayName: users.displayName })
    .from(series)
    .innerJoin(users, eq(users.id, series.authorId))
    .where(eq(series.id, id))
    .get();
  if (!row) throw notFound('ชุดบันทึกนี้');
  const isAuthor = can(viewer, 'series:edit', { authorId: row.s.authorId });
  const ids = isAuthor
    ? listPartIds(id)
    : publicPartsOf()
        .all(id)
        .map((p) => p.id);
  return {
    id,
    title: row.s.title,
    description: row.s.description,
    updatedAt: row.s.updatedAt,
    author: { id: row.s.authorId, username: row.username, displayName: row.displayName },
    notes: getNoteSummaries(ids),
  };
}

/** An author's series, newest first (profile page and the note editor's choice). */
export function listSeriesByAuthor(authorId: number): { id: number; title: string }[] {
  return getDb()
    .select({ id: series.id, title: series.title })
    .from(series)
    .where(eq(series.authorId, authorId))
    .orderBy(desc(series.id))
    .all();
}
