import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { getMailSettings, setMailSettings } from '~/lib/server/mail/settings.ts';

const settingsSchema = z.record(z.string(), z.string(), { invalid_type_error: 'ส่งเป็นอ็อบเจ็กต์ เช่น {"reply": "immediate", "watch": "off"}' });

/** Every mail kind with the member's choice: immediate, daily, weekly (follows only) or off. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ settings: getMailSettings(locals.user.id) });
});

export const PUT: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  setMailSettings(locals.user.id, await readJsonBody(request, settingsSchema));
  return json({ settings: getMailSettings(locals.user.id) });
});
