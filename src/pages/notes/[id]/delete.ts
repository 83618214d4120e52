import { deleteNote, parseNoteId } from '~/lib/server/note.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { userPath } from '~/lib/paths.ts';

export const POST = formAction(
  ({ params, locals }) => {
    const noteId = parseNoteId(params.id);
    deleteNote(locals.user, noteId);
    return `${userPath(locals.user!.username)}?deleted=${noteId}`;
  },
  { readsBody: false },
);
