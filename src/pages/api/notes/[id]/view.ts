import type { APIRoute } from 'astro';
import { countView } from '~/lib/server/view-counts.ts';
import { apiHandler } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';

/** The note page's script reports one read here (204 either way: nothing to tell the reader). */
export const POST: APIRoute = apiHandler(({ params, locals }) => {
  countView(parseNoteId(params.id), locals.user?.id, locals.clientIp);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
