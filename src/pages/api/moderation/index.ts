import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { getModerationQueue, performModerationAction } from '~/lib/server/moderation.ts';
import { moderationActionSchema } from '~/lib/validation.ts';
import { listPersonalDataItems, PERSONAL_DATA_FILTER } from '~/lib/server/personal-data-queue.ts';

/** The moderator queue: pending comments by author, and reported content. */
export const GET: APIRoute = apiHandler(({ locals, url }) => {
  if (!locals.user) throw needLogin();
  // ?filter=personal-data: only notes and comments published with a confirmed Thai ID ("มีข้อมูลส่วนบุคคล").
  if (url.searchParams.get('filter') === PERSONAL_DATA_FILTER) return json({ personalData: listPersonalDataItems(locals.user) });
  return json(getModerationQueue(locals.user));
});

/** POST {action, targets} or {action, userId}: approve/hide/restore/dismiss items, suspend/unsuspend/purge accounts. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const changed = performModerationAction(locals.user, await readJsonBody(request, moderationActionSchema));
  return json({ ok: true, changed });
});
