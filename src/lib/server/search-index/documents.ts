/**
 * What the search index knows about a note: one Pagefind record per public note, holding its
 * title, body text, tags, author and its visible comments. This file reads them from the database
 * (NoteSource); prepare.ts turns a source into the record (SearchDocument).
 *
 * NOTE: comments are part of their note's record rather than records of their own: a search
 * result is always a note, the index keeps one page per note (Pagefind's metadata grows per
 * page), and dropping a stale note drops its comments with it.
 */
import { and, asc, between, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { aarReports, comments, communities, communityNotes, notes, noteTags, tags, users } from '../../../../db/schema.ts';
import type { RecordMeta } from '../../search/manifest.ts';

export interface SearchDocument {
  id: number;
  url: string;
  content: string;
  meta: Omit<RecordMeta, 'segment'>;
  filters: Record<string, string[]>;
}

/** Everything a note's search record is made from, as stored (Markdown not yet turned into text). */
export interface NoteSource {
  id: number;
  title: string;
  bodyMarkdown: string;
  kind: 'note' | 'aar' | 'question';
  /** Publication time in ms since the epoch (0 if none). */
  publishedAt: number;
  eventId: number | null;
  author: string;
  username: string;
  tags: string[];
  communities: string[];
  province: string | null;
  /** Visible comments' Markdown, oldest first. */
  comments: string[];
}

/** Public notes only: published, not deleted, not hidden by a moderator, author not suspended. */
const isPublic: SQL = and(eq(notes.status, 'published'), isNull(notes.deletedAt), isNull(notes.hiddenAt), isNull(users.suspendedAt))!;

function loadSources(db: Db, where: SQL): NoteSource[] {
  const rows = db
    .select({
      id: notes.id,
      title: notes.title,
      bodyMarkdown: notes.bodyMarkdown,
      kind: notes.kind,
      publishedAt: notes.publishedAt,
      eventId: notes.eventId,
      author: users.displayName,
      username: users.username,
    })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(and(isPublic, where))
    .orderBy(asc(notes.id))
    .all();
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const tagsByNote = new Map<number, string[]>();
  for (const { noteId, name } of db
    .select({ noteId: noteTags.noteId, name: tags.name })
    .from(noteTags)
    .innerJoin(tags, eq(tags.id, noteTags.tagId))
    .where(inArray(noteTags.noteId, ids))
    .all()) {
    tagsByNote.set(noteId, [...(tagsByNote.get(noteId) ?? []), name]);
  }
  const communitiesByNote = new Map<number, string[]>();
  for (const { noteId, name } of db
    .select({ noteId: communityNotes.noteId, name: communities.name })
    .from(communityNotes)
    .innerJoin(communities, eq(communities.id, communityNotes.communityId))
    .where(inArray(communityNotes.noteId, ids))
    .all()) {
    communitiesByNote.set(noteId, [...(communitiesByNote.get(noteId) ?? []), name]);
  }
  const provinceByNote = new Map<number, string>();
  for (const { noteId, provinceName } of db
    .select({ noteId: aarReports.noteId, provinceName: aarReports.provinceName })
    .from(aarReports)
    .where(inArray(aarReports.noteId, ids))
    .all()) {
    provinceByNote.set(noteId, provinceName);
  }
  const commentsByNote = new Map<number, string[]>();
  // Visible comments only: not deleted, not hidden, approved (pending_at null), author not suspended.
  const visibleComments = and(
    inArray(comments.noteId, ids),
    isNull(comments.deletedAt),
    isNull(comments.hiddenAt),
    isNull(comments.pendingAt),
    isNull(users.suspendedAt),
  );
  const commentRows = db
    .select({ noteId: comments.noteId, bodyMarkdown: comments.bodyMarkdown })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(visibleComments)
    .orderBy(asc(comments.id))
    .all();
  for (const { noteId, bodyMarkdown } of commentRows) {
    const list = commentsByNote.get(noteId);
    if (list) list.push(bodyMarkdown);
    else commentsByNote.set(noteId, [bodyMarkdown]);
  }
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    bodyMarkdown: row.bodyMarkdown,
    kind: row.kind,
    publishedAt: row.publishedAt?.getTime() ?? 0,
    eventId: row.eventId,
    author: row.author,
    username: row.username,
    tags: tagsByNote.get(row.id) ?? [],
    communities: communitiesByNote.get(row.id) ?? [],
    province: provinceByNote.get(row.id) ?? null,
    comments: commentsByNote.get(row.id) ?? [],
  }));
}

/** Public notes with ids in [firstId, lastId]. */
export function loadSourcesInRange(db: Db, firstId: number, lastId: number): NoteSource[] {
  return loadSources(db, between(notes.id, firstId, lastId));
}

/** Public notes among `ids` (ids of drafts, deleted or hidden notes yield nothing). */
export function loadSourcesById(db: Db, ids: number[]): NoteSource[] {
  return ids.length ? loadSources(db, inArray(notes.id, ids)) : [];
}

/**
 * Ids of notes whose indexed form may have changed after `since` (ms): note writes, moderation,
 * comment writes, and accounts changed (suspended, restored, renamed: users.updated_at) for the
 * notes they wrote or commented on. Timestamps rather than a queue, so a missed hook or a restart
 * loses nothing. NOTE: un-hiding a note or comment and approving a comment clear a column without
 * a timestamp; those reach the index through the ids of their content events.
 * NOTE: both time expressions are indexed exactly as written (migration 0011): change them together.
 */
export function findNotesChangedSince(db: Db, since: number): number[] {
  const noteRows = db.$client
    .prepare(`SELECT id FROM notes WHERE max(updated_at, coalesce(published_at, 0), coalesce(deleted_at, 0), coalesce(hidden_at, 0)) > ?`)
    .pluck()
    .all(since) as number[];
  const commentRows = db.$client
    // No DISTINCT (the Set below removes repeats): with it SQLite prefers walking comments_note_idx, all 10M rows.
    .prepare(`SELECT note_id FROM comments WHERE max(updated_at, created_at, coalesce(deleted_at, 0), coalesce(hidden_at, 0)) > ?`)
    .pluck()
    .all(since) as number[];
  // A renamed member's notes and comments, one index lookup per member (an IN subquery scanned all comments).
  const renamed = db.$client.prepare('SELECT id FROM users WHERE updated_at > ?').pluck().all(since) as number[];
  const notesBy = db.$client.prepare('SELECT id FROM notes WHERE author_id = ?').pluck();
  const commentedBy = db.$client.prepare('SELECT note_id FROM comments WHERE author_id = ?').pluck();
  const userRows = renamed.flatMap((userId) => [...(notesBy.all(userId) as number[]), ...(commentedBy.all(userId) as number[])]);
  return [...new Set([...noteRows, ...commentRows, ...userRows])];
}

/** Highest note id, to know how many shards exist. */
export function getMaxNoteId(db: Db): number {
  return (
    db
      .select({ max: sql<number | null>`max(${notes.id})` })
      .from(notes)
      .get()?.max ?? 0
  );
}
