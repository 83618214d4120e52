import { formAction } from '~/lib/server/web/form-action.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { setNoteHidden } from '~/lib/server/moderation.ts';
import { notePath } from '~/lib/paths.ts';
import { parseWith } from '~/lib/server/web/http.ts';
import { moderationReasonSchema } from '~/lib/validation.ts';

/** Moderator's button on the note page (through /confirm, which asks for the reason told to the author). */
export const POST = formAction(({ params, locals }, form) => {
  const noteId = parseNoteId(params.id);
  setNoteHidden(locals.user, noteId, true, parseWith(moderationReasonSchema, form.reason ?? ''));
  return notePath(noteId);
});
