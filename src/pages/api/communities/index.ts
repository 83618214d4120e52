import type { APIRoute } from 'astro';
import { communityPath, createCommunity, listCommunities } from '~/lib/server/community.ts';
import { communityInputSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

export const GET: APIRoute = apiHandler(() => json(listCommunities().map((c) => ({ ...c, url: communityPath(c.slug) }))));

/** Any member creates a community and becomes its owner. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const community = createCommunity(locals.user, await readJsonBody(request, communityInputSchema));
  return json({ id: community.id, slug: community.slug, url: communityPath(community.slug) }, 201, {
    location: communityPath(community.slug),
  });
});
