import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { resetPassword } from '~/lib/server/password-reset.ts';
import { passwordResetSchema } from '~/lib/validation.ts';

/** POST {token, newPassword}: sets the password, ends every session; 400 for a bad, used or expired token. */
export const POST: APIRoute = apiHandler(async ({ request }) => {
  const { token, newPassword } = await readJsonBody(request, passwordResetSchema);
  await resetPassword(token, newPassword);
  return json({ ok: true });
});
