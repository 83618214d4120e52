import type { APIRoute } from 'astro';
import { createDraft } from '~/lib/server/draft.ts';
import { draftInputSchema } from '~/lib/draft-validation.ts';
import { json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';

/** First autosave of a new note: creates it as a draft. */
export const POST: APIRoute = idempotent(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { id, savedAt, revision } = createDraft(locals.user, await readJsonBody(request, draftInputSchema), locals.clientIp);
  return json({ id, savedAt: savedAt.getTime(), editUrl: `/notes/${id}/edit`, revision }, 201);
});
