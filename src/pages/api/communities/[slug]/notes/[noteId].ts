import type { APIRoute } from 'astro';
import { removeNoteFromCommunity, requireCommunity } from '~/lib/server/community.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** The owner (or the author, or a moderator) takes a note out of the community. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  removeNoteFromCommunity(locals.user, requireCommunity(params.slug ?? ''), parseNoteId(params.noteId));
  return json({ ok: true });
});
