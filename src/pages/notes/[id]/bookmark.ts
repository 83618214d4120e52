import { setBookmark } from '~/lib/server/bookmark.ts';
import { formPost } from '~/lib/server/form-post.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { notePath, safeRedirectPath } from '~/lib/paths.ts';

/** "เก็บไว้อ่าน" without JavaScript (field save=1 or 0); back to the note, or to `next` (the /saved list). */
export const POST = formPost(({ params, locals }, form) => {
  const noteId = parseNoteId(params.id);
  setBookmark(locals.user, noteId, form.save !== '0');
  return safeRedirectPath(form.next, `${notePath(noteId)}#appreciation`);
});
