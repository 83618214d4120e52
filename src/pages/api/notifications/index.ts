import type { APIRoute } from 'astro';
import { countUnread, listNotifications } from '~/lib/server/notification.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ unread: countUnread(locals.user.id), items: listNotifications(locals.user.id) });
});
