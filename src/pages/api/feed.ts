import type { APIRoute } from 'astro';
import { listFeed } from '~/lib/server/follow.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { readListPosition } from '~/lib/list-position.ts';

/** The signed-in user's feed: new notes of the people and communities they follow (?page=n, or ?before=/?after=<note id>). */
export const GET: APIRoute = apiHandler(({ locals, url }) => {
  if (!locals.user) throw needLogin();
  return json(listFeed(locals.user.id, readListPosition(url.searchParams)));
});
