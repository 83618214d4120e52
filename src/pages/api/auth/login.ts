import type { APIRoute } from 'astro';
import { signIn } from '~/lib/server/auth.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { setSessionCookie } from '~/lib/server/session.ts';
import { loginSchema } from '~/lib/validation.ts';
import { getPendingDeletion } from '~/lib/server/account-deletion.ts';

export const POST: APIRoute = apiHandler(async ({ request, locals, cookies }) => {
  const input = await readJsonBody(request, loginSchema);
  const { user, token } = await signIn(input.username, input.password, locals.clientIp);
  setSessionCookie(cookies, token);
  // During the grace period after a request to leave, the answer says so: the client offers to cancel.
  const deletion = getPendingDeletion(user.id);
  return json({ id: user.id, username: user.username, displayName: user.displayName, role: user.role, ...(deletion ? { deletion } : {}) });
});
