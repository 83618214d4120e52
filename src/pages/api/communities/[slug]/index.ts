import type { APIRoute } from 'astro';
import { getCommunitySummary, isMember, listMembers, requireCommunity } from '~/lib/server/community.ts';
import { isFollowingCommunity } from '~/lib/server/follow.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

/** A community with its members (newest first) and the caller's own membership. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  return json({
    ...getCommunitySummary(community.id), ownerId: community.ownerId,
    members: listMembers(community.id).map((m) => ({ username: m.username, displayName: m.displayName, joinedAt: m.joinedAt.toISOString() })),
    isMember: isMember(locals.user?.id, community.id), isFollowing: isFollowingCommunity(locals.user?.id, community.id),
  });
});
