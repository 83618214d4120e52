import type { APIRoute } from 'astro';
import { FEED_ITEMS, rssResponse } from '~/lib/server/feed.ts';
import { listNotesByAuthor } from '~/lib/server/note.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';
import { getUserByUsername } from '~/lib/server/user.ts';
import { userPath } from '~/lib/paths.ts';

/** One person's public notes. */
export const GET: APIRoute = ({ params }) => {
  const person = getUserByUsername(params.username ?? '');
  if (!person) return renderStatusPage(404, 'ไม่พบสมาชิกชื่อนี้');
  return rssResponse({
    title: `${person.displayName} · บันทึก`,
    description: `บันทึกของ ${person.displayName}`,
    path: userPath(person.username),
    feedPath: `${userPath(person.username)}/rss.xml`,
    items: listNotesByAuthor(person.id, 1, { perPage: FEED_ITEMS }).items,
  });
};
