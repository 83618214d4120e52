import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { buildKmReport, readKmReportQuery } from '~/lib/server/km-report.ts';

/** GET ?province=&community=&from=&to= → the KM report's counts (organisers: their communities; admins: all). */
export const GET: APIRoute = apiHandler(({ url, locals }) => {
  const { scope, ...counts } = buildKmReport(locals.user, readKmReportQuery(url.searchParams));
  return json({ ...counts, scope });
});
