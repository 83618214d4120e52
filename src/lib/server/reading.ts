/**
 * Reading aids: related notes under a note, and the per-note view counter.
 *
 * NOTE: views are counted by a POST from the note page's bundled script (see
 * docs/decisions/0401-view-counts.md): one UPDATE, nothing about the reader is stored, the
 * author's own views are not counted, and cached HTML pages stay cacheable.
 */
import { desc, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { notes } from '~db/schema.ts';
import { isPublicNote, pageOf, type NoteSummary } from './note.ts';

export const RELATED_NOTES = 5;

/**
 * Public notes sharing tags or communities with `noteId`, most shared first, then newest.
 * Returns [] for a note with neither.
 */
export function listRelatedNotes(noteId: number, limit = RELATED_NOTES): NoteSummary[] {
  const sharedTags = sql`(SELECT count(*) FROM note_tags a JOIN note_tags b ON a.tag_id = b.tag_id WHERE a.note_id = ${noteId} AND b.note_id = ${notes.id})`;
  const sharedCommunities = sql`(SELECT count(*) FROM community_notes a JOIN community_notes b ON a.community_id = b.community_id WHERE a.note_id = ${noteId} AND b.note_id = ${notes.id})`;
  const candidates = sql`(${notes.id} IN (SELECT b.note_id FROM note_tags a JOIN note_tags b ON a.tag_id = b.tag_id WHERE a.note_id = ${noteId})
    OR ${notes.id} IN (SELECT b.note_id FROM community_notes a JOIN community_notes b ON a.community_id = b.community_id WHERE a.note_id = ${noteId}))`;
  const where = sql`${isPublicNote} AND ${notes.id} <> ${noteId} AND ${candidates}`;
  return pageOf(where, 1, limit, [sql`${sharedTags} + 2 * ${sharedCommunities} DESC`, desc(notes.publishedAt)]).items;
}

/**
 * Adds one view to a public note unless the reader is its author. Returns whether it counted.
 * A single UPDATE: no row per view, no reader identity.
 */
export function countView(noteId: number, viewerId: number | undefined): boolean {
  if (!Number.isSafeInteger(noteId) || noteId <= 0) return false;
  const result = getDb().run(sql`UPDATE notes SET view_count = view_count + 1
    WHERE id = ${noteId} AND status = 'published' AND deleted_at IS NULL AND hidden_at IS NULL AND author_id <> ${viewerId ?? 0}`);
  return result.changes > 0;
}
