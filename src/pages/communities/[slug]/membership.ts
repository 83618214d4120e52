import { communityPath, leaveCommunity, requireCommunity } from '~/lib/server/community.ts';
import { joinCommunity } from '~/lib/server/community-membership.ts';
import { formPost } from '~/lib/server/web/form-post.ts';

/** Join (or ask to join) or leave: form field action=join|leave, and `invitation` from a link. */
export const POST = formPost(({ params, locals }, form) => {
  const community = requireCommunity(params.slug ?? '');
  if (form.action === 'leave') {
    leaveCommunity(locals.user, community);
    return `${communityPath(community.slug)}?left=1`;
  }
  const status = joinCommunity(locals.user, community, form.invitation?.trim() || undefined);
  return `${communityPath(community.slug)}${status === 'requested' ? '?requested=1' : '?joined=1'}`;
});
