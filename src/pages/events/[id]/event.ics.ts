import type { APIRoute } from 'astro';
import { eventPath, getEvent } from '~/lib/server/event.ts';
import { renderEventIcs } from '~/lib/server/event-ics.ts';
import { absoluteUrl, getSiteUrl } from '~/lib/server/site.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';

/** The event as an iCalendar file, for calendar apps. */
export const GET: APIRoute = ({ params }) => {
  const event = /^\d{1,15}$/.test(params.id ?? '') ? getEvent(Number(params.id)) : undefined;
  if (!event) return renderStatusPage(404, 'ไม่พบเวทีนี้');
  return new Response(renderEventIcs(event, absoluteUrl(eventPath(event.id)), getSiteUrl().hostname), {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="event-${event.id}.ics"`,
      'cache-control': 'public, max-age=300',
      'x-page-cache': 'site', // the same for everyone: the page cache and shared caches may keep it (decision 1702)
    },
  });
};
