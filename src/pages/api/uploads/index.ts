import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { forbidden, needLogin } from '~/lib/server/errors.ts';
import { can } from '~/lib/server/permissions.ts';
import { enforceUploadLimits } from '~/lib/server/rate-limit.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { createUpload } from '~/lib/server/upload/store.ts';
import { listUploadsWithUse } from '~/lib/server/upload/list.ts';
import { notePath } from '~/lib/paths.ts';
import { uploadUsage } from '~/lib/server/upload/usage.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';

/** Uploads one photo or document: 201 with `{ id, url, kind, name, bytes, width?, height?, markdown }`. */
export const POST: APIRoute = idempotent(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  if (!can(locals.user, 'upload:create')) throw forbidden('บัญชีของคุณอัปโหลดไฟล์ไม่ได้ในขณะนี้');
  enforceUploadLimits(locals.user.id, locals.clientIp);
  const { file, alt } = await readUploadForm(request);
  const upload = await createUpload(locals.user, file, alt);
  return json(upload, 201, { location: upload.url });
});

/**
 * The signed-in member's uploads, newest first, and how much of the quota they use. Each item also
 * says where it is used (`usedIn`: the notes showing it; `avatar`: the profile photo).
 */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  const { used, quota } = uploadUsage(locals.user.id);
  const items = listUploadsWithUse(locals.user.id).items.map((u) => ({
    id: u.id,
    url: u.url,
    kind: u.kind,
    name: u.name,
    bytes: u.bytes,
    storedBytes: u.storedBytes,
    createdAt: u.createdAt.toISOString(),
    referenced: u.unreferencedSince === null,
    thumbnailUrl: u.thumbnailUrl,
    avatar: u.avatar,
    usedIn: u.usedIn.map(({ noteId, title }) => ({ noteId, title, url: notePath(noteId) })),
  }));
  return json({ used, quota, uploads: items });
});
