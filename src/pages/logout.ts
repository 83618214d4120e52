import type { APIRoute } from 'astro';
import { deleteSessionCookie, invalidateSession } from '~/lib/server/session.ts';

export const POST: APIRoute = ({ locals, cookies, redirect }) => {
  if (locals.session) invalidateSession(locals.session.id);
  deleteSessionCookie(cookies);
  return redirect('/', 303);
};
