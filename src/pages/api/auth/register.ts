import type { APIRoute } from 'astro';
import { z } from 'zod';
import { registerAccount, validateRegistration } from '~/lib/server/auth.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { setSessionCookie } from '~/lib/server/session.ts';
import { readRegistrationConsents } from '~/lib/server/consent.ts';

export const POST: APIRoute = apiHandler(async ({ request, locals, cookies }) => {
  const body = await readJsonBody(request, z.record(z.unknown()));
  const consents = readRegistrationConsents(body);
  const input = validateRegistration(body, consents);
  const { user, token } = await registerAccount(input, locals.clientIp, consents);
  setSessionCookie(cookies, token);
  return json({ id: user.id, username: user.username, displayName: user.displayName }, 201);
});
