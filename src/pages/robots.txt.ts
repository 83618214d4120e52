import type { APIRoute } from 'astro';
import { absoluteUrl } from '~/lib/server/site.ts';

/** Allows crawling of public pages and points to the sitemap (an absolute URL from SITE_URL). */
export const GET: APIRoute = () =>
  new Response(
    [
      'User-agent: *',
      'Disallow: /api/',
      'Disallow: /settings',
      'Disallow: /notifications',
      'Disallow: /feed',
      `Sitemap: ${absoluteUrl('/sitemap.xml')}`,
      '',
    ].join('\n'),
    { headers: { 'content-type': 'text/plain; charset=utf-8', 'x-page-cache': 'site' } }, // same for everyone (decision 1702)
  );
