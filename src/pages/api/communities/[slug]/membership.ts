import type { APIRoute } from 'astro';
import { joinCommunity, leaveCommunity, requireCommunity } from '~/lib/server/community.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

/** POST joins the community, DELETE leaves it. */
export const POST: APIRoute = apiHandler(({ params, locals }) => {
  joinCommunity(locals.user, requireCommunity(params.slug ?? ''));
  return json({ member: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  leaveCommunity(locals.user, requireCommunity(params.slug ?? ''));
  return json({ member: false });
});
