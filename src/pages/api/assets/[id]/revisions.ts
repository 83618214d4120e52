import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { listAssetRevisions, undoRevision } from '~/lib/server/asset.ts';

/** Every revision, newest first. */
export const GET: APIRoute = apiHandler(({ params }) => json({ items: listAssetRevisions(Number(params.id)) }));

const undoSchema = z.object({
  undo: z.number({ required_error: 'กรุณาระบุฉบับที่จะย้อน (undo)', invalid_type_error: 'undo ต้องเป็นเลขฉบับ' }).int().positive(),
});

/** POST {undo: <revision>}: a moderator undoes that revision (a new revision with the text before it). */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const { undo } = await readJsonBody(request, undoSchema);
  const asset = undoRevision(locals.user, Number(params.id), undo);
  return json({ revision: asset.revision, title: asset.title, summary: asset.summary });
});
