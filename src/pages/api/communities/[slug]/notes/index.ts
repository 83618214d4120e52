import type { APIRoute } from 'astro';
import { fileNote, listCommunityNotes, requireCommunity } from '~/lib/server/community.ts';
import { noteIdSchema } from '~/lib/community-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { readListPosition } from '~/lib/list-position.ts';

/** The community's public notes, newest first (?page=n, or ?before=/?after=<note id>: the `older`/`newer` of a page). */
export const GET: APIRoute = apiHandler(({ params, url }) => {
  const community = requireCommunity(params.slug ?? '');
  return json(listCommunityNotes(community.id, readListPosition(url.searchParams)));
});

/** The note's author files it into the community: { noteId }. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  const { noteId } = await readJsonBody(request, noteIdSchema);
  fileNote(locals.user, community, noteId);
  return json({ ok: true }, 201);
});
