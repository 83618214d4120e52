import type { APIRoute } from 'astro';
import { listMemberDrafts } from '~/lib/server/draft.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

/** The signed-in member's drafts, conflict copies included: `{items: [{id, title, updatedAt, conflictOf}]}`. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  const items = listMemberDrafts(locals.user.id).map((draft) => ({ ...draft, updatedAt: draft.updatedAt.toISOString() }));
  return json({ items });
});
