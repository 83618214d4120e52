/**
 * Reading aids: related notes under a note, and the per-note view counter.
 *
 * NOTE: views are counted by a POST from the note page's bundled script (see
 * docs/decisions/0401-view-counts.md): one UPDATE, nothing about the reader is stored, the
 * author's own views are not counted, and cached HTML pages stay cacheable.
 */
import { sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { getNoteSummaries, isPublicNote, type NoteSummary } from './note.ts';
import { currentSiteVersion, relatedNotes } from './caches.ts';

const RELATED_NOTES = 5;
/**
 * Candidates looked at per shared tag or community: the newest this many public notes of each.
 * NOTE: at 100k notes a popular tag holds ~12,000 notes; aggregating all of them cost ~20 ms per
 * note page, reading 200 per group from an index costs well under 1 ms.
 */
const CANDIDATES_PER_GROUP = 200;

interface Candidate {
  id: number;
  publishedAt: number;
}

/**
 * Public notes sharing tags or communities with `noteId`, most shared first (a shared community
 * counts as two shared tags), then newest — among the newest CANDIDATES_PER_GROUP public notes of
 * each shared tag and community.
 */
export function listRelatedNotes(noteId: number, limit = RELATED_NOTES): NoteSummary[] {
  // Kept per site_version (caches.ts): a note hidden, deleted or restored leaves every list at once.
  const key = `${noteId}:${limit}:${currentSiteVersion()}`;
  let related = relatedNotes.get(key);
  if (!related) {
    related = findRelatedNotes(noteId, limit);
    relatedNotes.set(key, related);
  }
  return related;
}

function findRelatedNotes(noteId: number, limit: number): NoteSummary[] {
  const db = getDb();
  const score = new Map<number, { weight: number; publishedAt: number }>();
  const add = (rows: Candidate[], weight: number) => {
    for (const row of rows) {
      const seen = score.get(row.id);
      if (seen) seen.weight += weight;
      else score.set(row.id, { weight, publishedAt: row.publishedAt });
    }
  };
  const tagIds = db.all<{ tagId: number }>(sql`SELECT tag_id AS tagId FROM note_tags WHERE note_id = ${noteId}`);
  for (const { tagId } of tagIds) {
    add(
      db.all<Candidate>(sql`SELECT note_id AS id, published_at AS publishedAt FROM note_tags
      WHERE tag_id = ${tagId} AND listed = 1 AND note_id <> ${noteId} ORDER BY published_at DESC LIMIT ${CANDIDATES_PER_GROUP}`),
      1,
    );
  }
  const communityIds = db.all<{ communityId: number }>(
    sql`SELECT community_id AS communityId FROM community_notes WHERE note_id = ${noteId}`,
  );
  for (const { communityId } of communityIds) {
    add(
      db.all<Candidate>(sql`SELECT cn.note_id AS id, notes.published_at AS publishedAt FROM community_notes cn JOIN notes ON notes.id = cn.note_id
      WHERE cn.community_id = ${communityId} AND cn.note_id <> ${noteId} AND ${isPublicNote} ORDER BY cn.note_id DESC LIMIT ${CANDIDATES_PER_GROUP}`),
      2,
    );
  }
  if (score.size === 0) return [];
  const ids = [...score]
    .sort(([aId, a], [bId, b]) => b.weight - a.weight || b.publishedAt - a.publishedAt || bId - aId)
    .slice(0, limit)
    .map(([id]) => id);
  return getNoteSummaries(ids);
}
