import type { APIRoute } from 'astro';
import { setNoteAppreciation } from '~/lib/server/appreciation.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** Give appreciation (ให้กำลังใจ) to a note: `{count, given}`; repeating it changes nothing. */
export const POST: APIRoute = apiHandler(({ params, locals }) => json(setNoteAppreciation(locals.user, parseNoteId(params.id), true)));

/** Take it back: `{count, given: false}`. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => json(setNoteAppreciation(locals.user, parseNoteId(params.id), false)));
