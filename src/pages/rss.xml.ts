import type { APIRoute } from 'astro';
import { FEED_ITEMS, listFeedAssets, rssResponse } from '~/lib/server/feed.ts';
import { listPublishedNotes } from '~/lib/server/note.ts';

/** The newest public notes of the whole site, with the communities' newest knowledge assets among them. */
export const GET: APIRoute = () =>
  rssResponse({
    title: 'บันทึก — บันทึกล่าสุด',
    description: 'บันทึกการจัดการความรู้ล่าสุดจากคนทำงาน',
    path: '/',
    feedPath: '/rss.xml',
    items: listPublishedNotes(1, FEED_ITEMS).items,
    assets: listFeedAssets(null),
  });
