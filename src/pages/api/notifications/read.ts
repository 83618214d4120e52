import type { APIRoute } from 'astro';
import { z } from 'zod';
import { countUnread, markRead } from '~/lib/server/notification.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';

const readSchema = z.object({
  ids: z
    .array(z.number({ invalid_type_error: 'รหัสการแจ้งเตือนต้องเป็นตัวเลข' }).int().positive())
    .max(500, 'ส่งได้ครั้งละไม่เกิน 500 รายการ')
    .optional(),
});

/** Marks the given notifications read ({ ids }), or all of them ({}). */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { ids } = await readJsonBody(request, readSchema);
  const changed = markRead(locals.user.id, ids);
  return json({ changed, unread: countUnread(locals.user.id) });
});
