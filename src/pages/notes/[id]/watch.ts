import { formAction } from '~/lib/server/web/form-action.ts';
import { getNoteForViewer, parseNoteId } from '~/lib/server/note.ts';
import { setWatchState } from '~/lib/server/watch.ts';

/** The "ติดตามความเห็น" button: action=watch|mute. */
export const POST = formAction(({ params, locals }, form) => {
  const id = parseNoteId(params.id);
  setWatchState(locals.user, getNoteForViewer(locals.user, id), form.action === 'mute' ? 'muted' : 'watching');
  return `/notes/${id}#watch`;
});
