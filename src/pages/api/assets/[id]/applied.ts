import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { addApplication } from '~/lib/server/asset.ts';
import { appliedSchema } from '~/lib/asset-validation.ts';

/** POST {story}: "นำไปใช้แล้ว" by a member of the asset's community. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const { story } = await readJsonBody(request, appliedSchema);
  return json(addApplication(locals.user, Number(params.id), story), 201);
});
