import type { APIRoute } from 'astro';
import { parseEventId, requireEvent, setOfficialAar } from '~/lib/server/event.ts';
import { officialAarSchema } from '~/lib/event-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

/** An event manager marks the organisers' official AAR: {noteId} (null clears it). */
export const PUT: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const { noteId } = await readJsonBody(request, officialAarSchema);
  setOfficialAar(locals.user, requireEvent(parseEventId(params.id)), noteId);
  return json({ officialAarId: noteId });
});
