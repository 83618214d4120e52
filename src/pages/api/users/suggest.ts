import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { suggestMentions } from '~/lib/server/mention-suggest.ts';

/** GET /api/users/suggest?q=… → {users: [{username, displayName}]} for the `@` menu (signed in, rate-limited). */
export const GET: APIRoute = apiHandler(({ url, locals }) =>
  json({ users: suggestMentions(locals.user, url.searchParams.get('q') ?? '') }),
);
