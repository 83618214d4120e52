import type { APIRoute } from 'astro';
import { eventPath, getEvent, listEventNotes } from '~/lib/server/event.ts';
import { FEED_ITEMS, rssResponse } from '~/lib/server/feed.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';

/** The public notes and AARs about one event, newest first. */
export const GET: APIRoute = ({ params }) => {
  const event = /^\d{1,15}$/.test(params.id ?? '') ? getEvent(Number(params.id)) : undefined;
  if (!event) return renderStatusPage(404, 'ไม่พบเวทีนี้');
  const path = eventPath(event.id);
  return rssResponse({
    title: `${event.title} · บันทึก`,
    description: `บันทึกและ AAR จากเวที ${event.title}`,
    path,
    feedPath: `${path}/rss.xml`,
    items: listEventNotes(event.id, 1, FEED_ITEMS).items,
  });
};
