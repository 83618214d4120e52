import type { APIRoute } from 'astro';
import { setBookmark } from '~/lib/server/bookmark.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** Keep a note to read later (เก็บไว้อ่าน): `{bookmarked: true}`; idempotent. */
export const POST: APIRoute = apiHandler(({ params, locals }) => json(setBookmark(locals.user, parseNoteId(params.id), true)));

/** Remove it from /saved: `{bookmarked: false}`. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => json(setBookmark(locals.user, parseNoteId(params.id), false)));
