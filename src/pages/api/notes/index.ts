import type { APIRoute } from 'astro';
import { createNote } from '~/lib/server/note.ts';
import { json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { noteCreateSchema } from '~/lib/validation.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';

export const POST: APIRoute = idempotent(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const input = await readJsonBody(request, noteCreateSchema);
  const { id } = createNote(locals.user, input, input.kind, locals.clientIp);
  return json({ id, url: absoluteUrl(notePath(id)) }, 201, { location: notePath(id) });
});
