import { communityPath, joinCommunity, leaveCommunity, requireCommunity } from '~/lib/server/community.ts';
import { formPost } from '~/lib/server/web/form-post.ts';

/** Join or leave (form field action=join|leave). */
export const POST = formPost(({ params, locals }, form) => {
  const community = requireCommunity(params.slug ?? '');
  if (form.action === 'leave') {
    leaveCommunity(locals.user, community);
    return `${communityPath(community.slug)}?left=1`;
  }
  joinCommunity(locals.user, community);
  return `${communityPath(community.slug)}?joined=1`;
});
