/**
 * What the search index knows about a note: one Pagefind record per public note, holding its
 * title, body text, tags, author and its visible comments.
 *
 * NOTE: comments are part of their note's record rather than records of their own: a search
 * result is always a note, the index keeps one page per note (Pagefind's metadata grows per
 * page), and dropping a stale note drops its comments with it.
 */
import { and, asc, between, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { aarReports, comments, communities, communityNotes, notes, noteTags, tags, users } from '../../../../db/schema.ts';
import { markdownToPlainText } from '../../markdown.ts';
import { notePath } from '../../paths.ts';
import type { RecordMeta } from '../../search/manifest.ts';
import { markThaiWordBoundaries } from './segment.ts';

export interface SearchDocument {
  id: number;
  url: string;
  content: string;
  meta: Omit<RecordMeta, 'segment'>;
  filters: Record<string, string[]>;
}

/** Public notes only: published, not deleted, not hidden by a moderator, author not suspended. */
const isPublic: SQL = and(eq(notes.status, 'published'), isNull(notes.deletedAt), isNull(notes.hiddenAt), isNull(users.suspendedAt))!;

function loadDocuments(db: Db, where: SQL): SearchDocument[] {
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
    commentsByNote.set(noteId, [...(commentsByNote.get(noteId) ?? []), markdownToPlainText(bodyMarkdown)]);
  }
  return rows.map((row) => {
    const noteTagNames = tagsByNote.get(row.id) ?? [];
    const date = String(row.publishedAt?.getTime() ?? 0);
    const noteCommunities = communitiesByNote.get(row.id) ?? [];
    const province = provinceByNote.get(row.id);
    return {
      id: row.id,
      url: notePath(row.id),
      // Title first (excerpts skip it), then body, then what else should find the note.
      content: markThaiWordBoundaries(
        [row.title, markdownToPlainText(row.bodyMarkdown), ...(commentsByNote.get(row.id) ?? []), noteTagNames.join(' '), row.author]
          .filter(Boolean)
          .join('\n'),
      ),
      meta: { id: String(row.id), title: row.title, author: row.author, date, kind: row.kind, tags: noteTagNames.join(', ') },
      filters: {
        kind: [row.kind],
        author: [row.username],
        ...(noteTagNames.length ? { tag: noteTagNames } : {}),
        ...(noteCommunities.length ? { community: noteCommunities } : {}),
        ...(province ? { province: [province] } : {}),
        ...(row.eventId != null ? { event: [String(row.eventId)] } : {}),
      },
    };
  });
}

/** Public notes with ids in [firstId, lastId]. */
export function loadDocumentsInRange(db: Db, firstId: number, lastId: number): SearchDocument[] {
  return loadDocuments(db, between(notes.id, firstId, lastId));
}

/** Public notes among `ids` (ids of drafts, deleted or hidden notes yield nothing). */
export function loadDocumentsById(db: Db, ids: number[]): SearchDocument[] {
  return ids.length ? loadDocuments(db, inArray(notes.id, ids)) : [];
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
