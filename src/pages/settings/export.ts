import type { APIRoute } from 'astro';
import { collectUserExport, toZip } from '~/lib/server/export.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { RATE_LIMITS, enforceRateLimit } from '~/lib/server/rate-limit.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';

/** GET /settings/export: the signed-in member's notes, AARs, comments and photos as a zip. */
export const GET: APIRoute = ({ locals, redirect }) => {
  const user = locals.user;
  if (!user) return redirect('/login?next=/settings', 303);
  try {
    enforceRateLimit(`export:user:${user.id}`, RATE_LIMITS.exportPerUser);
  } catch (error) {
    if (error instanceof DomainError) return renderStatusPage(error.status, error.message);
    throw error;
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
