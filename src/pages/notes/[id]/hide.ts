import { formAction } from '~/lib/server/web/form-action.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { setNoteHidden } from '~/lib/server/moderation.ts';
import { notePath } from '~/lib/paths.ts';

/** Moderator's button on the note page. */
export const POST = formAction(
  ({ params, locals }) => {
    const noteId = parseNoteId(params.id);
    setNoteHidden(locals.user, noteId, true);
    return notePath(noteId);
  },
  { readsBody: false },
);
