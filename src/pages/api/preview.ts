import type { APIRoute } from 'astro';
import { renderNoteMarkdown } from '~/lib/markdown.ts';
import { previewInputSchema } from '~/lib/draft-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { RATE_LIMITS, enforceRateLimit } from '~/lib/server/rate-limit.ts';

/**
 * The editor's live preview: the same sanitising renderer that saves notes, so what the writer
 * sees is exactly what readers will get. Signed-in writers only.
 */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { body } = await readJsonBody(request, previewInputSchema);
  enforceRateLimit(`preview:user:${locals.user.id}`, RATE_LIMITS.previewPerUser);
  return json({ html: renderNoteMarkdown(body) });
});
