import { setNoteAppreciation } from '~/lib/server/appreciation.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { notePath } from '~/lib/paths.ts';

/** The appreciation button without JavaScript (field give=1 or 0); back to the same place on the note. */
export const POST = formAction(({ params, locals }, form) => {
  const noteId = parseNoteId(params.id);
  setNoteAppreciation(locals.user, noteId, form.give !== '0');
  return `${notePath(noteId)}#appreciation`;
});
