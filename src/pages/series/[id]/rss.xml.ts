import type { APIRoute } from 'astro';
import { rssResponse } from '~/lib/server/feed.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { getSeries, seriesPath } from '~/lib/server/series.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';

/** A series' public parts, in the series' order (a reader's feed reader follows the series as it grows). */
export const GET: APIRoute = ({ params }) => {
  try {
    const detail = getSeries(null, Number(params.id));
    return rssResponse({
      title: `${detail.title} · บันทึก`, description: detail.description || `ชุดบันทึกของ ${detail.author.displayName}`,
      path: seriesPath(detail.id), feedPath: `${seriesPath(detail.id)}/rss.xml`, items: detail.notes,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return renderStatusPage(error.status, error.message);
  }
};
