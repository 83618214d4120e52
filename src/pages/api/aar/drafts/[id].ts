import type { APIRoute } from 'astro';
import { aarDraftUpdateSchema } from '~/lib/aar-draft-validation.ts';
import { deleteAarDraft, getAarDraft, parseAarDraftId, updateAarDraft } from '~/lib/server/aar-draft.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

/** The member's AAR draft: read, overwrite, discard. Someone else's draft is 404. */
export const GET: APIRoute = apiHandler(({ params, locals }) => json(getAarDraft(locals.user, parseAarDraftId(params.id))));

export const PUT: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const id = parseAarDraftId(params.id);
  const { values, baseSavedAt } = await readJsonBody(request, aarDraftUpdateSchema);
  const draft = updateAarDraft(locals.user, id, values, locals.clientIp, baseSavedAt);
  return json({ id: draft.id, noteId: draft.noteId, savedAt: draft.savedAt });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  deleteAarDraft(locals.user, parseAarDraftId(params.id));
  return new Response(null, { status: 204 });
});
