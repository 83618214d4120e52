import type { APIRoute } from 'astro';
import { aarDraftInputSchema } from '~/lib/aar-draft-validation.ts';
import { saveAarDraft } from '~/lib/server/aar-draft.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

/** Autosave of an AAR form: creates (201) or overwrites (200) the member's draft for a new AAR or for `noteId`. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  const input = await readJsonBody(request, aarDraftInputSchema);
  const { draft, created } = saveAarDraft(locals.user, input, locals.clientIp);
  return json({ id: draft.id, noteId: draft.noteId, savedAt: draft.savedAt }, created ? 201 : 200);
});
