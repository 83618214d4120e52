import type { APIRoute } from 'astro';
import { z } from 'zod';
import { registerAccount, validateRegistration } from '~/lib/server/auth.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { setSessionCookie } from '~/lib/server/session.ts';

export const POST: APIRoute = apiHandler(async ({ request, locals, cookies }) => {
  const input = validateRegistration(await readJsonBody(request, z.record(z.unknown())));
  const { user, token } = await registerAccount(input, locals.clientIp);
  setSessionCookie(cookies, token);
  return json({ id: user.id, username: user.username, displayName: user.displayName }, 201);
});
