import type { APIRoute } from 'astro';
import { collectUserExport, toZip } from '~/lib/server/export.ts';
import { RATE_LIMITS, enforceRateLimit } from '~/lib/server/rate-limit.ts';
import { errorResponse } from '~/lib/server/web/form-action.ts';

/** GET /settings/export: the signed-in member's notes, AARs, comments and photos as a zip. */
export const GET: APIRoute = (context) => {
  const user = context.locals.user;
  if (!user) return context.redirect('/login?next=/settings', 303);
  try {
    enforceRateLimit(`export:user:${user.id}`, RATE_LIMITS.exportPerUser);
  } catch (error) {
    return errorResponse(context, error);
  }
  const zip = toZip(collectUserExport(user.id));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(zip.slice().buffer, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="banthuek-${user.username}-${day}.zip"`,
      'content-length': String(zip.byteLength),
      'cache-control': 'private, no-store',
    },
  });
};
