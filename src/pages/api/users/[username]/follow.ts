import type { APIRoute } from 'astro';
import { setFollowingUser } from '~/lib/server/follow.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { notFound } from '~/lib/server/errors.ts';
import { getUserByUsername } from '~/lib/server/user.ts';

function person(username: string | undefined) {
  const row = getUserByUsername(username ?? '');
  if (!row) throw notFound('สมาชิกชื่อนี้');
  return row;
}

export const POST: APIRoute = apiHandler(({ params, locals }) => {
  setFollowingUser(locals.user, person(params.username).id, true);
  return json({ following: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  setFollowingUser(locals.user, person(params.username).id, false);
  return json({ following: false });
});
