import type { APIRoute } from 'astro';
import { buildKmReport, readKmReportQuery } from '~/lib/server/km-report.ts';
import { kmReportCsv, kmReportFileName } from '~/lib/server/km-report-csv.ts';
import { errorResponse } from '~/lib/server/web/form-action.ts';

/** The KM report for Excel (UTF-8 with BOM, Thai header row); same query and permissions as /api/reports/km. */
export const GET: APIRoute = (context) => {
  try {
    const report = buildKmReport(context.locals.user, readKmReportQuery(context.url.searchParams));
    return new Response(kmReportCsv(report), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${kmReportFileName(report)}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(context, error);
  }
};
