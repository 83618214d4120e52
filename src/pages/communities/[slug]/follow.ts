import { communityPath, requireCommunity } from '~/lib/server/community.ts';
import { setFollowingCommunity } from '~/lib/server/follow.ts';
import { formPost } from '~/lib/server/web/form-post.ts';

/** Follow or unfollow (form field action=follow|unfollow). */
export const POST = formPost(({ params, locals }, form) => {
  const community = requireCommunity(params.slug ?? '');
  setFollowingCommunity(locals.user, community.id, form.action !== 'unfollow');
  return communityPath(community.slug);
});
