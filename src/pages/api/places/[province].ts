import type { APIRoute } from 'astro';
import { listDistricts } from '~/lib/server/places.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { notFound } from '~/lib/server/errors.ts';

const ONE_DAY_SECONDS = 24 * 60 * 60;

/** Districts of a province with their subdistricts, for the AAR form's lists. Public, cacheable data. */
export const GET: APIRoute = apiHandler(({ params }) => {
  const districts = listDistricts(params.province ?? '');
  if (!districts) throw notFound('จังหวัดนี้');
  return json({ districts }, 200, { 'cache-control': `public, max-age=${ONE_DAY_SECONDS}` });
});
