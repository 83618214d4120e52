import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requireCommunity } from '~/lib/server/community.ts';
import { removeCommunityCover, requireCoverEditor, setCommunityCover, setCoverFromUpload } from '~/lib/server/community-cover.ts';
import { enforceUploadLimits } from '~/lib/server/rate-limit.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';

/**
 * The owner or a manager sets the cover: multipart/form-data with `file` (a picture) and `alt`.
 * 200 `{cover: {url, alt, width, height, srcset}}`. Permission is checked before the file is read.
 */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  const user = requireCoverEditor(locals.user, community);
  enforceUploadLimits(user.id, locals.clientIp);
  const { file, alt } = await readUploadForm(request);
  return json({ cover: await setCommunityCover(user, community, file, alt) });
});

const useUploadSchema = z.object({
  uploadId: z
    .string({ required_error: 'กรุณาระบุ uploadId ของภาพที่อัปโหลดไว้ (จาก POST /api/uploads)' })
    .regex(/^[0-9a-f]{32}$/, 'uploadId ไม่ถูกต้อง กรุณาใช้ id จาก POST /api/uploads'),
  alt: z.string({ invalid_type_error: 'คำบรรยายภาพต้องเป็นข้อความ' }).max(1000, 'คำบรรยายภาพยาวเกินไป').default(''),
});

/** Makes a picture uploaded with POST /api/uploads the cover: JSON `{uploadId, alt}`; 200 `{cover}`. */
export const PUT: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  const user = requireCoverEditor(locals.user, community);
  const { uploadId, alt } = await readJsonBody(request, useUploadSchema);
  return json({ cover: setCoverFromUpload(user, community, uploadId, alt) });
});

/** Takes the cover off: 200 `{cover: null}`. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  removeCommunityCover(locals.user, requireCommunity(params.slug ?? ''));
  return json({ cover: null });
});
