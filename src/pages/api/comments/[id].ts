import type { APIRoute } from 'astro';
import { deleteComment, updateComment } from '~/lib/server/comment.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { commentInputSchema } from '~/lib/validation.ts';

export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const { body, acknowledgePersonalData } = await readJsonBody(request, commentInputSchema);
  updateComment(locals.user, Number(params.id), body, locals.clientIp, acknowledgePersonalData);
  return json({ ok: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  deleteComment(locals.user, Number(params.id));
  return json({ ok: true });
});
