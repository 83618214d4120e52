import type { APIRoute } from 'astro';
import { listFeed } from '~/lib/server/follow.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

/** The signed-in user's feed: new notes of the people and communities they follow. */
export const GET: APIRoute = apiHandler(({ locals, url }) => {
  if (!locals.user) throw needLogin();
  return json(listFeed(locals.user.id, Number(url.searchParams.get('page') ?? '1')));
});
