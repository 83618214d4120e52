import type { APIRoute } from 'astro';
import { saveDraft } from '~/lib/server/draft.ts';
import { draftInputSchema } from '~/lib/draft-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** Later autosaves overwrite the draft (409 once it is published); `revision` is the draft's new one (the edit form's baseRevision). */
export const PUT: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const { savedAt, revision } = saveDraft(
    locals.user,
    parseNoteId(params.id),
    await readJsonBody(request, draftInputSchema),
    locals.clientIp,
  );
  return json({ savedAt: savedAt.getTime(), revision });
});
