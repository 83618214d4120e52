import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { deleteSessionCookie, invalidateSession } from '~/lib/server/session.ts';

export const POST: APIRoute = apiHandler(({ locals, cookies }) => {
  if (locals.session) invalidateSession(locals.session.id);
  deleteSessionCookie(cookies);
  return json({ ok: true });
});
