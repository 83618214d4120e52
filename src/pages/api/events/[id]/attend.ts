import type { APIRoute } from 'astro';
import { parseEventId, requireEvent, setAttending } from '~/lib/server/event.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

/** POST marks "ฉันเข้าร่วม", DELETE takes it back. */
export const POST: APIRoute = apiHandler(({ params, locals }) => {
  const attendeeCount = setAttending(locals.user, requireEvent(parseEventId(params.id)), true);
  return json({ attending: true, attendeeCount });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  const attendeeCount = setAttending(locals.user, requireEvent(parseEventId(params.id)), false);
  return json({ attending: false, attendeeCount });
});
