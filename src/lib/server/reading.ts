/**
 * Reading aids: related notes under a note, and the per-note view counter.
 *
 * NOTE: views are counted by a POST from the note page's bundled script (see
 * docs/decisions/0401-view-counts.md): one UPDATE, nothing about the reader is stored, the
 * author's own views are not counted, and cached HTML pages stay cacheable.
 */
import { inArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { notes } from '~db/schema.ts';
import { isPublicNote, pageOf, type NoteSummary } from './note.ts';

export const RELATED_NOTES = 5;

/**
 * Public notes sharing tags or communities with `noteId`, most shared first (a shared community
 * counts as two shared tags), then newest. One aggregate pass over the shared rows picks the ids.
 */
export function listRelatedNotes(noteId: number, limit = RELATED_NOTES): NoteSummary[] {
  const ranked = getDb().all<{ id: number }>(sql`
    SELECT s.note_id AS id FROM (
      SELECT b.note_id, 1 AS weight FROM note_tags a JOIN note_tags b ON a.tag_id = b.tag_id WHERE a.note_id = ${noteId} AND b.note_id <> ${noteId}
      UNION ALL
      SELECT b.note_id, 2 FROM community_notes a JOIN community_notes b ON a.community_id = b.community_id WHERE a.note_id = ${noteId} AND b.note_id <> ${noteId}
    ) s JOIN notes ON notes.id = s.note_id
    WHERE ${isPublicNote}
    GROUP BY s.note_id ORDER BY sum(s.weight) DESC, max(notes.published_at) DESC LIMIT ${limit}`);
  if (ranked.length === 0) return [];
  const ids = ranked.map((r) => r.id);
  const byId = new Map(pageOf(inArray(notes.id, ids), 1, limit).items.map((n) => [n.id, n]));
  return ids.map((id) => byId.get(id)).filter((n): n is NoteSummary => !!n);
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
