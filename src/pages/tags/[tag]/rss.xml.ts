import type { APIRoute } from 'astro';
import { FEED_ITEMS, rssResponse } from '~/lib/server/feed.ts';
import { listNotesByTag } from '~/lib/server/note.ts';
import { tagPath } from '~/lib/paths.ts';

/** Public notes carrying one tag (an unknown tag gives an empty, valid feed). */
export const GET: APIRoute = ({ params }) => {
  const tag = (params.tag ?? '').toLowerCase();
  return rssResponse({
    title: `#${tag} · บันทึก`,
    description: `บันทึกที่มีป้ายคำ #${tag}`,
    path: tagPath(tag),
    feedPath: `${tagPath(tag)}/rss.xml`,
    items: listNotesByTag(tag, 1, FEED_ITEMS).items,
  });
};
