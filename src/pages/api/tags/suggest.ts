import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { suggestTags } from '~/lib/server/tag.ts';
import { LIMITS } from '~/lib/validation.ts';

const SUGGESTIONS_MAX_AGE_SECONDS = 60;

/** GET /api/tags/suggest?q=แผน → {tags: [{name, notes}]}: existing public tags for the chip input. */
export const GET: APIRoute = apiHandler(({ url }) => {
  const q = (url.searchParams.get('q') ?? '').slice(0, LIMITS.tagMax);
  return json({ tags: suggestTags(q) }, 200, { 'cache-control': `public, max-age=${SUGGESTIONS_MAX_AGE_SECONDS}` });
});
