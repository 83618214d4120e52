import type { APIRoute } from 'astro';
import { rssResponse } from '~/lib/server/feed.ts';
import { getSeries, seriesPath } from '~/lib/server/series.ts';
import { errorResponse } from '~/lib/server/web/form-action.ts';

/** A series' public parts, in the series' order (a reader's feed reader follows the series as it grows). */
export const GET: APIRoute = (context) => {
  try {
    const detail = getSeries(null, Number(context.params.id));
    return rssResponse({
      title: `${detail.title} · บันทึก`,
      description: detail.description || `ชุดบันทึกของ ${detail.author.displayName}`,
      path: seriesPath(detail.id),
      feedPath: `${seriesPath(detail.id)}/rss.xml`,
      items: detail.notes,
    });
  } catch (error) {
    return errorResponse(context, error);
  }
};
