import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { listSitemapEntries, renderSitemap } from '~/lib/server/feed.ts';

const SITEMAP_CACHE_SECONDS = 60 * 60;

/** Every public page for search engines. */
export const GET: APIRoute = async () => {
  const guides = (await getCollection('guides')).map((g) => `/guides/${g.id}`);
  const entries = listSitemapEntries(['/', '/aar', '/communities', '/people', '/guides', ...guides]);
  return new Response(renderSitemap(entries), {
    headers: {
      'content-type': 'application/xml; charset=utf-8',
      'cache-control': `public, max-age=${SITEMAP_CACHE_SECONDS}`,
      'x-page-cache': 'site', // the same for everyone: the page cache and shared caches may keep it (decision 1702)
    },
  });
};
