import type { APIRoute } from 'astro';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { getAsset, updateAsset, type AssetView } from '~/lib/server/asset.ts';
import { assetPatchSchema } from '~/lib/asset-validation.ts';

/** The public JSON shape of an asset. */
function toJson(asset: AssetView) {
  return {
    id: asset.id,
    title: asset.title,
    summary: asset.summary,
    revision: asset.revision,
    sources: asset.sources,
    appliedCount: asset.appliedCount,
    community: asset.community,
    url: asset.url,
    html: asset.summaryHtml,
  };
}

export const GET: APIRoute = apiHandler(({ params }) => json(toJson(getAsset(Number(params.id)))));

/** Any member edits; `revision` in the body or If-Match names the revision the edit started from. */
export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const patch = await readJsonBody(request, assetPatchSchema);
  const ifMatch = Number(request.headers.get('if-match')?.replace(/\D/g, '') || NaN);
  return json(
    toJson(
      updateAsset(locals.user, Number(params.id), {
        ...patch,
        revision: patch.revision ?? (Number.isSafeInteger(ifMatch) ? ifMatch : undefined),
      }),
    ),
  );
});
