import { communityPath, requireCommunity } from '~/lib/server/community.ts';
import { setFollowingCommunity } from '~/lib/server/follow.ts';
import { formAction } from '~/lib/server/web/form-action.ts';

/** Follow or unfollow (form field action=follow|unfollow). */
export const POST = formAction(({ params, locals }, form) => {
  const community = requireCommunity(params.slug ?? '');
  setFollowingCommunity(locals.user, community.id, form.action !== 'unfollow');
  return communityPath(community.slug);
});
