import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { setManager } from '~/lib/server/community-admin.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

/** The owner names a member a manager (PUT) or takes the role back (DELETE). */
export const PUT: APIRoute = apiHandler(({ params, locals }) => {
  setManager(locals.user, requireCommunity(params.slug ?? ''), (params.username ?? '').toLowerCase(), true);
  return json({ role: 'manager' });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  setManager(locals.user, requireCommunity(params.slug ?? ''), (params.username ?? '').toLowerCase(), false);
  return json({ role: 'member' });
});
