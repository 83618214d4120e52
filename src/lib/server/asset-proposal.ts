/**
 * "เสนอเป็นแหล่งที่มา" (issue 26): from a note's own page a member offers the note to a knowledge
 * asset of one of their communities, or starts a new asset from it. Any member may edit an asset
 * (a wiki), so the proposal adds the source at once through addSource; the asset page lists it.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { communities, communityMembers, knowledgeAssets } from '~db/schema.ts';

/** Enough for any real member (a few communities, tens of assets each); the page says when there are more. */
const PROPOSAL_CHOICES_MAX = 200;

export interface ProposalChoices {
  /** Assets of the member's open communities that do not cite the note yet. */
  assets: { id: number; title: string; communityName: string; communitySlug: string }[];
  /** The member's open communities (to start a new asset from the note). */
  communities: { slug: string; name: string }[];
}

/** What `userId` may propose `noteId` to: archived communities are read-only, so they are left out. */
export function listProposalChoices(userId: number, noteId: number): ProposalChoices {
  const mine = and(eq(communityMembers.userId, userId), isNull(communities.archivedAt));
  const assets = getDb()
    .select({
      id: knowledgeAssets.id,
      title: knowledgeAssets.title,
      communityName: communities.name,
      communitySlug: communities.slug,
    })
    .from(knowledgeAssets)
    .innerJoin(communities, eq(communities.id, knowledgeAssets.communityId))
    .innerJoin(communityMembers, eq(communityMembers.communityId, knowledgeAssets.communityId))
    .where(and(mine, sql`NOT EXISTS (SELECT 1 FROM asset_sources s WHERE s.asset_id = ${knowledgeAssets.id} AND s.note_id = ${noteId})`))
    .orderBy(asc(communities.name), desc(knowledgeAssets.updatedAt))
    .limit(PROPOSAL_CHOICES_MAX)
    .all();
  const open = getDb()
    .select({ slug: communities.slug, name: communities.name })
    .from(communityMembers)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .where(mine)
    .orderBy(asc(communities.name))
    .all();
  return { assets, communities: open };
}

/**
 * A new asset's first text when it starts from a note: a question's accepted answer becomes the
 * summary ("turn the answer into an asset"), under the question as its title. Only what the
 * public sees: a note or answer that is hidden, deleted, pending or a suspended member's gives nothing.
 */
export function assetDraftFromNote(noteId: number): { title: string; summary: string } | undefined {
  const row = getDb()
    .$client.prepare(
      `SELECT n.title, c.body_markdown AS answer FROM notes n
       JOIN users a ON a.id = n.author_id AND a.suspended_at IS NULL
       LEFT JOIN comments c ON c.id = n.accepted_answer_id AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.pending_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = c.author_id AND s.suspended_at IS NOT NULL)
       WHERE n.id = ? AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL`,
    )
    .get(noteId) as { title: string; answer: string | null } | undefined;
  return row?.answer ? { title: row.title, summary: row.answer } : undefined;
}
