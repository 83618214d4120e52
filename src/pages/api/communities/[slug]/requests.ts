import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { decideJoinRequest, listJoinRequests } from '~/lib/server/community-membership.ts';
import { communityResource } from '~/lib/server/community-access.ts';
import { requestDecisionSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { forbidden, needLogin } from '~/lib/server/errors.ts';
import { can } from '~/lib/server/permissions.ts';

/** Requests waiting for a manager. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  const community = requireCommunity(params.slug ?? '');
  if (!can(locals.user, 'community:manage', communityResource(locals.user.id, community))) throw forbidden('ดูคำขอได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
  return json(listJoinRequests(community.id).map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })));
});

/** A manager answers a request: {username, decision: "approve" | "decline"}. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  const { username, decision } = await readJsonBody(request, requestDecisionSchema);
  decideJoinRequest(locals.user, community, username, decision);
  return json({ username, status: decision === 'approve' ? 'member' : 'declined' });
});
