import type { APIRoute } from 'astro';
import { createSeries, seriesPath } from '~/lib/server/series.ts';
import { seriesInputSchema } from '~/lib/series-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

/** Creates a series of the member's own notes: `{title, description?, noteIds?}` → 201 `{id, url}`. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  const { id } = createSeries(locals.user, await readJsonBody(request, seriesInputSchema));
  return json({ id, url: seriesPath(id) }, 201, { location: seriesPath(id) });
});
