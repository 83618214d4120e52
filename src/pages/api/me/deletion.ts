import type { APIRoute } from 'astro';
import { z } from 'zod';
import { DELETION_CONTENT } from '~db/schema.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { cancelDeletion, getPendingDeletion, requestDeletion } from '~/lib/server/account-deletion.ts';
import { deleteSessionCookie } from '~/lib/server/session.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

const requestSchema = z.object({
  password: z.string({ required_error: 'กรุณากรอกรหัสผ่านปัจจุบันเพื่อยืนยันว่าเป็นคุณ' }).min(1, 'กรุณากรอกรหัสผ่านปัจจุบันเพื่อยืนยันว่าเป็นคุณ'),
  content: z.enum(DELETION_CONTENT, {
    errorMap: () => ({ message: 'กรุณาเลือกว่าจะทำอย่างไรกับบันทึกและความเห็น: "anonymise" (เก็บไว้โดยไม่ระบุชื่อ) หรือ "delete" (ลบ)' }),
  }),
});

/** The pending request to leave, or `{deletion: null}`. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ deletion: getPendingDeletion(locals.user.id) });
});

/** POST {password, content}: 202 with the date of the erasure, or 200 `erased: true` when the grace period is 0. */
export const POST: APIRoute = apiHandler(async ({ request, locals, cookies }) => {
  if (!locals.user) throw needLogin();
  const input = await readJsonBody(request, requestSchema);
  const deletion = await requestDeletion(locals.user, input.password, input.content, locals.clientIp);
  if (deletion.erased) deleteSessionCookie(cookies);
  return json({ deletion }, deletion.erased ? 200 : 202);
});

/** Cancels a pending request (signing in during the grace period offers this). */
export const DELETE: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  const cancelled = cancelDeletion(locals.user.id);
  return json({ cancelled, deletion: null });
});
