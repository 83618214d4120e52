import type { APIRoute } from 'astro';
import { requireCommunity } from '~/lib/server/community.ts';
import { removeCommunityCover, requireCoverEditor, setCommunityCover } from '~/lib/server/community-cover.ts';
import { enforceUploadLimits } from '~/lib/server/rate-limit.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

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

/** Takes the cover off: 200 `{cover: null}`. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  removeCommunityCover(locals.user, requireCommunity(params.slug ?? ''));
  return json({ cover: null });
});
