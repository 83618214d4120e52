import type { APIRoute } from 'astro';
import { communityPath, getCommunitySummary, isMember, listMembers, requireCommunity } from '~/lib/server/community.ts';
import { updateCommunity } from '~/lib/server/community-admin.ts';
import { communityPatchSchema } from '~/lib/community-validation.ts';
import { isFollowingCommunity } from '~/lib/server/follow.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

/** A community with its members (newest first) and the caller's own membership. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  return json({
    ...getCommunitySummary(community.id),
    ownerId: community.ownerId,
    members: listMembers(community.id).map((m) => ({
      username: m.username,
      displayName: m.displayName,
      role: m.role,
      joinedAt: m.joinedAt.toISOString(),
    })),
    isMember: isMember(locals.user?.id, community.id),
    isFollowing: isFollowingCommunity(locals.user?.id, community.id),
  });
});

/** The owner renames (the slug stays), describes, sets joinPolicy, or archives ({archived: true|false}). */
export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const community = requireCommunity(params.slug ?? '');
  const updated = updateCommunity(locals.user, community, await readJsonBody(request, communityPatchSchema));
  return json({ ...getCommunitySummary(updated.id), url: communityPath(updated.slug) });
});
