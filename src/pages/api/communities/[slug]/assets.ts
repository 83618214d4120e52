import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { createAsset } from '~/lib/server/asset.ts';
import { assetInputSchema } from '~/lib/asset-validation.ts';

/** POST {title, summary, sourceNoteIds}: a member gathers the community's notes into a knowledge asset. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const input = await readJsonBody(request, assetInputSchema);
  const created = createAsset(locals.user, params.slug ?? '', input);
  return json(created, 201, { location: new URL(created.url).pathname });
});
