import type { APIRoute } from 'astro';
import { apiHandler } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { deleteUpload } from '~/lib/server/upload/store.ts';

/** Deletes an upload and its files (its owner or a moderator): 204. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  deleteUpload(locals.user, String(params.id ?? ''));
  return new Response(null, { status: 204 });
});
