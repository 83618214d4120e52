import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { RESET_REQUESTED_MESSAGE, requestPasswordReset } from '~/lib/server/password-reset.ts';
import { passwordResetRequestSchema } from '~/lib/validation.ts';

/** POST {login}: mails a reset link if such an account has an email. Always 202 with the same words. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  const { login } = await readJsonBody(request, passwordResetRequestSchema);
  requestPasswordReset(login, locals.clientIp);
  return json({ message: RESET_REQUESTED_MESSAGE }, 202);
});
