import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { createInvitation, listInvitations } from '~/lib/server/community-membership.ts';
import { communityResource } from '~/lib/server/community-access.ts';
import { invitationInputSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readOptionalJsonBody } from '~/lib/server/web/http.ts';
import { forbidden, needLogin } from '~/lib/server/errors.ts';
import { can } from '~/lib/server/permissions.ts';

/** The community's invitations (managers only). */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  const community = requireCommunity(params.slug ?? '');
  if (!can(locals.user, 'community:manage', communityResource(locals.user.id, community)))
    throw forbidden('ดูคำเชิญได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
  return json(listInvitations(community.id));
});

/** A manager invites {username} (notified), or makes a link without one: 201 {url, token, expiresAt}. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const community = requireCommunity(params.slug ?? '');
  const { username } = await readOptionalJsonBody(request, invitationInputSchema);
  const invitation = createInvitation(locals.user, community, username);
  return json({ id: invitation.id, url: invitation.url, token: invitation.token, expiresAt: invitation.expiresAt.toISOString() }, 201);
});
