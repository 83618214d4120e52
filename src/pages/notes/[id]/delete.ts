import { deleteNote, parseNoteId } from '~/lib/server/note.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { userPath } from '~/lib/paths.ts';

export const POST = formAction(({ params, locals }) => {
  deleteNote(locals.user, parseNoteId(params.id));
  return `${userPath(locals.user!.username)}?deleted=1`;
}, { readsBody: false });
