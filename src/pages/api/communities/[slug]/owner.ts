import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { handOverCommunity } from '~/lib/server/community-admin.ts';
import { usernameInputSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

/** The owner hands the community to another member: {username}. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const { username } = await readJsonBody(request, usernameInputSchema);
  handOverCommunity(locals.user, requireCommunity(params.slug ?? ''), username);
  return json({ owner: username });
});
