import type { APIRoute } from 'astro';
import { createComment, listCommentThreads } from '~/lib/server/comment.ts';
import { getNoteForViewer, parseNoteId } from '~/lib/server/note.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { commentInputSchema } from '~/lib/validation.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';

export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const note = getNoteForViewer(locals.user, parseNoteId(params.id));
  return json(listCommentThreads(note.id, locals.user, note.author.id));
});

export const POST: APIRoute = idempotent(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const noteId = parseNoteId(params.id);
  const input = await readJsonBody(request, commentInputSchema);
  const { id, pending } = createComment(locals.user, noteId, input, locals.clientIp);
  return json({ id, pending }, 201);
});
