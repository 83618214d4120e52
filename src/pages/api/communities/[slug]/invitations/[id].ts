import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { revokeInvitation } from '~/lib/server/community-membership.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { notFound } from '~/lib/server/errors.ts';

/** A manager revokes an invitation; its link stops working at once. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('คำเชิญนี้');
  revokeInvitation(locals.user, requireCommunity(params.slug ?? ''), id);
  return json({ revoked: true });
});
