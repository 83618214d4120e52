import type { APIRoute } from 'astro';
import { communityPath, getCommunityBySlug, listCommunityNotes } from '~/lib/server/community.ts';
import { FEED_ITEMS, listFeedAssets, rssResponse } from '~/lib/server/feed.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';

/** The public notes filed in one community, and its knowledge assets. */
export const GET: APIRoute = ({ params }) => {
  const community = getCommunityBySlug(params.slug ?? '');
  if (!community) return renderStatusPage(404, 'ไม่พบชุมชนนี้');
  const path = communityPath(community.slug);
  return rssResponse({
    title: `${community.name} · บันทึก`,
    description: community.description || `บันทึกในชุมชน ${community.name}`,
    path,
    feedPath: `${path}/rss.xml`,
    items: listCommunityNotes(community.id, 1, FEED_ITEMS).items,
    assets: listFeedAssets(community.id),
  });
};
