import type { APIRoute } from 'astro';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '~db/schema.ts';
import { getMutedKinds, setMutedKinds } from '~/lib/server/notification.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

const settingsSchema = z.object({
  muted: z.array(
    z.enum(NOTIFICATION_KINDS, { errorMap: () => ({ message: `ประเภทการแจ้งเตือนต้องเป็นหนึ่งใน ${NOTIFICATION_KINDS.join(', ')}` }) }),
  ),
});

/** The kinds of notification the user has turned off. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ muted: getMutedKinds(locals.user.id) });
});

export const PUT: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { muted } = await readJsonBody(request, settingsSchema);
  setMutedKinds(locals.user.id, muted);
  return json({ muted: getMutedKinds(locals.user.id) });
});
