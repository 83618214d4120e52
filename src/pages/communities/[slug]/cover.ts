import { communityPath, requireCommunity } from '~/lib/server/community.ts';
import { removeCommunityCover, requireCoverEditor, setCommunityCover } from '~/lib/server/community-cover.ts';
import { enforceUploadLimits } from '~/lib/server/rate-limit.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { readForm } from '~/lib/server/web/http.ts';

/**
 * The manage page's cover forms, without JavaScript: a multipart form with `file` and `alt` sets
 * the cover; a plain form with action=remove takes it off. Back to the manage page either way.
 */
export const POST = formAction(
  async ({ params, locals, request }) => {
    const community = requireCommunity(params.slug ?? '');
    const user = requireCoverEditor(locals.user, community);
    const manage = `${communityPath(community.slug)}/manage`;
    if (/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
      enforceUploadLimits(user.id, locals.clientIp);
      const { file, alt } = await readUploadForm(request);
      await setCommunityCover(user, community, file, alt);
      return `${manage}?cover=saved#cover`;
    }
    const form = await readForm(request);
    if (form.action !== 'remove') throw new DomainError(400, 'ไม่รู้จักคำสั่งนี้ กรุณาลองใหม่จากหน้าจัดการชุมชน');
    removeCommunityCover(user, community);
    return `${manage}?cover=removed#cover`;
  },
  { readsBody: false },
);
