import type { APIRoute } from 'astro';
import { deleteSeries, getSeries, seriesPath, updateSeries } from '~/lib/server/series.ts';
import { seriesPatchSchema } from '~/lib/series-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { notePath } from '~/lib/paths.ts';

/** A series with the parts this viewer may read, in order. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const detail = getSeries(locals.user, Number(params.id));
  return json({
    id: detail.id,
    title: detail.title,
    description: detail.description,
    url: seriesPath(detail.id),
    author: { username: detail.author.username, displayName: detail.author.displayName },
    notes: detail.notes.map((n) => ({ id: n.id, title: n.title, url: notePath(n.id) })),
  });
});

/** Renames, re-describes or reorders (`noteIds` in the new order replaces the parts). */
export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  updateSeries(locals.user, Number(params.id), await readJsonBody(request, seriesPatchSchema));
  return json({ ok: true });
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  deleteSeries(locals.user, Number(params.id));
  return new Response(null, { status: 204 });
});
