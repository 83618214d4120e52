import type { APIRoute } from 'astro';
import { registerAccount } from '~/lib/server/auth.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { setSessionCookie } from '~/lib/server/session.ts';
import { registerSchema } from '~/lib/validation.ts';

export const POST: APIRoute = apiHandler(async ({ request, locals, cookies }) => {
  const input = await readJsonBody(request, registerSchema);
  const { user, token } = await registerAccount(input, locals.clientIp);
  setSessionCookie(cookies, token);
  return json({ id: user.id, username: user.username, displayName: user.displayName }, 201);
});
