import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { forbidden, needLogin } from '~/lib/server/errors.ts';
import { can } from '~/lib/server/permissions.ts';
import { enforceUploadLimits } from '~/lib/server/rate-limit.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { createUpload, listUploads } from '~/lib/server/upload/store.ts';
import { uploadUsage } from '~/lib/server/upload/usage.ts';

/** Uploads one photo or document: 201 with `{ id, url, kind, name, bytes, width?, height?, markdown }`. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  if (!can(locals.user, 'upload:create')) throw forbidden('บัญชีของคุณอัปโหลดไฟล์ไม่ได้ในขณะนี้');
  enforceUploadLimits(locals.user.id, locals.clientIp);
  const { file, alt } = await readUploadForm(request);
  const upload = await createUpload(locals.user, file, alt);
  return json(upload, 201, { location: upload.url });
});

/** The signed-in member's uploads and how much of the quota they use. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  const { used, quota } = uploadUsage(locals.user.id);
  const items = listUploads(locals.user.id).map((u) => ({
    id: u.id, url: `/uploads/${u.fileName}`, kind: u.kind, name: u.name, bytes: u.bytes, storedBytes: u.storedBytes, createdAt: u.createdAt.toISOString(),
    referenced: u.unreferencedSince === null,
  }));
  return json({ used, quota, uploads: items });
});
