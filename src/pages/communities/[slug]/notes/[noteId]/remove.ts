import { communityPath, removeNoteFromCommunity, requireCommunity } from '~/lib/server/community.ts';
import { formPost } from '~/lib/server/web/form-post.ts';

/** The community's owner (or the author, or a moderator) takes a note out of the community. */
export const POST = formPost(({ params, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  removeNoteFromCommunity(locals.user, community, Number(params.noteId));
  return communityPath(community.slug);
});
