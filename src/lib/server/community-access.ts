/**
 * Where a member stands in a community (member, manager, owner), turned into the facts `can()`
 * decides on. Every community and event permission goes through `communityResource`.
 */
import { and, eq, or } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { communities, communityMembers, type CommunityRole } from '~db/schema.ts';
import type { Resource } from './permissions.ts';

type CommunityFacts = Pick<typeof communities.$inferSelect, 'id' | 'ownerId' | 'joinPolicy' | 'archivedAt'>;

export interface CommunityStanding {
  isMember: boolean;
  /** Named manager, or the owner. */
  isManager: boolean;
  isOwner: boolean;
}

/** The user's standing in the community (all false for anonymous visitors). */
export function getStanding(userId: number | undefined, community: CommunityFacts): CommunityStanding {
  if (userId === undefined) return { isMember: false, isManager: false, isOwner: false };
  const row = getDb()
    .select({ role: communityMembers.role })
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.userId, userId)))
    .get();
  const isOwner = community.ownerId === userId;
  return { isMember: !!row || isOwner, isManager: isOwner || row?.role === 'manager', isOwner };
}

/** The community as a `can()` resource for this user. */
export function communityResource(userId: number | undefined, community: CommunityFacts, extra: Resource = {}): Resource {
  const standing = getStanding(userId, community);
  return {
    ownerId: community.ownerId,
    isMember: standing.isMember,
    isManager: standing.isManager,
    archived: community.archivedAt != null,
    joinPolicy: community.joinPolicy,
    ...extra,
  };
}

/** Ids of the owner and the managers (who hear about join requests). */
export function listManagerIds(community: Pick<CommunityFacts, 'id' | 'ownerId'>): number[] {
  const rows = getDb()
    .select({ id: communityMembers.userId })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.communityId, community.id),
        or(eq(communityMembers.role, 'manager' satisfies CommunityRole), eq(communityMembers.userId, community.ownerId)),
      ),
    )
    .all();
  return [...new Set([community.ownerId, ...rows.map((r) => r.id)])];
}
