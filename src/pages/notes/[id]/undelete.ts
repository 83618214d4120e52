import { formAction } from '~/lib/server/web/form-action.ts';
import { parseNoteId, undeleteNote } from '~/lib/server/note.ts';
import { notePath } from '~/lib/paths.ts';

/** "เลิกทำ" after deleting a note: brings it back and opens it. */
export const POST = formAction(
  ({ params, locals }) => {
    const noteId = parseNoteId(params.id);
    undeleteNote(locals.user, noteId);
    return `${notePath(noteId)}?restored=1`;
  },
  { readsBody: false },
);
