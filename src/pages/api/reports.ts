import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { createReport } from '~/lib/server/report.ts';
import { reportSchema } from '~/lib/validation.ts';

/** POST {targetType, targetId, reason}: a member reports a note or comment. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { id } = createReport(locals.user, await readJsonBody(request, reportSchema));
  return json({ id }, 201);
});
