import { fileNote, getCommunityBySlug, removeNoteFromCommunity } from '~/lib/server/community.ts';
import { notFound } from '~/lib/server/errors.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { notePath } from '~/lib/paths.ts';

/** The author files the note into a community (action=add) or takes it out (action=remove). */
export const POST = formPost(({ params, locals }, form) => {
  const noteId = parseNoteId(params.id);
  const community = getCommunityBySlug(form.community ?? '');
  if (!community) throw notFound('ชุมชนนี้');
  if (form.action === 'remove') removeNoteFromCommunity(locals.user, community, noteId);
  else fileNote(locals.user, community, noteId);
  return `${notePath(noteId)}#note-communities`;
});
