import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { setFollowingCommunity } from '~/lib/server/follow.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

export const POST: APIRoute = apiHandler(({ params, locals }) => {
  setFollowingCommunity(locals.user, requireCommunity(params.slug ?? '').id, true);
  return json({ following: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  setFollowingCommunity(locals.user, requireCommunity(params.slug ?? '').id, false);
  return json({ following: false });
});
