import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { getNoteForViewer, parseNoteId } from '~/lib/server/note.ts';
import { getWatchState, setWatchState } from '~/lib/server/watch.ts';

const watchSchema = z.object({
  state: z.enum(['watching', 'muted'], { errorMap: () => ({ message: 'state ต้องเป็น watching (ติดตาม) หรือ muted (ปิดการแจ้ง)' }) }),
});

/** Whether I watch this note's comments: watching, muted or none. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  return json({ state: getWatchState(locals.user.id, parseNoteId(params.id)) });
});

export const PUT: APIRoute = apiHandler(async ({ params, locals, request }) => {
  const id = parseNoteId(params.id);
  const { state } = await readJsonBody(request, watchSchema);
  return json({ state: setWatchState(locals.user, getNoteForViewer(locals.user, id), state) });
});
