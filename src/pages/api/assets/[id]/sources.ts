import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { addSource, getAsset } from '~/lib/server/asset.ts';

const sourceSchema = z.object({
  noteId: z.number({ required_error: 'กรุณาระบุ noteId ของบันทึก', invalid_type_error: 'noteId ต้องเป็นเลขบันทึก' }).int().positive(),
});

/** POST {noteId}: a member proposes a note as a source of the asset. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const { noteId } = await readJsonBody(request, sourceSchema);
  addSource(locals.user, Number(params.id), noteId);
  return json({ sources: getAsset(Number(params.id)).sources }, 201);
});
