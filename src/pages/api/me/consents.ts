import type { APIRoute } from 'astro';
import { z } from 'zod';
import { needLogin } from '~/lib/server/errors.ts';
import { listConsents, setConsents } from '~/lib/server/consent.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

const choicesSchema = z
  .object({
    mail: z.boolean({ invalid_type_error: 'mail ต้องเป็น true หรือ false' }).optional(),
    directory: z.boolean({ invalid_type_error: 'directory ต้องเป็น true หรือ false' }).optional(),
  })
  .strict('รู้จักเฉพาะ mail และ directory');

/** The member's consents: `{items: [{purpose, version, given, at}]}`, the accepted notice included. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ items: listConsents(locals.user.id) });
});

/** PUT {mail?, directory?}: give or withdraw optional consents (each change is a new record); answers the current list. */
export const PUT: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  setConsents(locals.user.id, await readJsonBody(request, choicesSchema), 'api');
  return json({ items: listConsents(locals.user.id) });
});
