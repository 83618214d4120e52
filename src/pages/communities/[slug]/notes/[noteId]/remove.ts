import { communityPath, removeNoteFromCommunity, requireCommunity } from '~/lib/server/community.ts';
import { formAction } from '~/lib/server/web/form-action.ts';

/** The community's owner (or the author, or a moderator) takes a note out of the community. */
export const POST = formAction(({ params, locals }) => {
  const community = requireCommunity(params.slug ?? '');
  removeNoteFromCommunity(locals.user, community, Number(params.noteId));
  return communityPath(community.slug);
});
