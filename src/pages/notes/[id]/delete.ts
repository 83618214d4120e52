import type { APIRoute } from 'astro';
import { deleteNote, parseNoteId } from '~/lib/server/note.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { renderStatusPage } from '~/lib/server/web/status-page.ts';
import { userPath } from '~/lib/paths.ts';

export const POST: APIRoute = ({ params, locals, redirect }) => {
  try {
    deleteNote(locals.user, parseNoteId(params.id));
    const noteId = parseNoteId(params.id);
    return redirect(`${userPath(locals.user!.username)}?deleted=${noteId}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 401) return redirect('/login', 303);
    return renderStatusPage(error.status, error.message);
  }
};
