import type { APIRoute } from 'astro';
import { leaveCommunity, requireCommunity } from '~/lib/server/community.ts';
import { joinCommunity } from '~/lib/server/community-membership.ts';
import { membershipInputSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readOptionalJsonBody } from '~/lib/server/web/http.ts';

/**
 * POST joins (or, under the 'request' policy, asks to join): {status: "member" | "requested"}.
 * An optional JSON body {invitation} carries the token from an invitation link.
 */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  const { invitation } = await readOptionalJsonBody(request, membershipInputSchema);
  const status = joinCommunity(locals.user, community, invitation);
  return json({ status, member: status === 'member' });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  leaveCommunity(locals.user, requireCommunity(params.slug ?? ''));
  return json({ status: 'left', member: false });
});
