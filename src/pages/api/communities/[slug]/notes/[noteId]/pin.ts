import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { setPinned } from '~/lib/server/community-admin.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** A manager pins the note to the top of the community (at most 3), or unpins it. */
export const PUT: APIRoute = apiHandler(({ params, locals }) => {
  setPinned(locals.user, requireCommunity(params.slug ?? ''), parseNoteId(params.noteId), true);
  return json({ pinned: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  setPinned(locals.user, requireCommunity(params.slug ?? ''), parseNoteId(params.noteId), false);
  return json({ pinned: false });
});
