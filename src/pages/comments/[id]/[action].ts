import type { APIRoute } from 'astro';
import { deleteComment, setCommentHidden, updateComment } from '~/lib/server/comment.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { parseWith, readForm } from '~/lib/server/http.ts';
import { renderStatusPage } from '~/lib/server/status-page.ts';
import { commentInputSchema } from '~/lib/validation.ts';
import { notePath } from '~/lib/paths.ts';

/** Form posts from the comment buttons: edit, delete, hide, restore. Each redirects back to the note. */
export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const id = Number(params.id);
  try {
    const form = await readForm(request);
    const row =
      params.action === 'edit' ? updateComment(locals.user, id, parseWith(commentInputSchema, form).body)
      : params.action === 'delete' ? deleteComment(locals.user, id)
      : params.action === 'hide' ? setCommentHidden(locals.user, id, true)
      : params.action === 'restore' ? setCommentHidden(locals.user, id, false)
      : null;
    if (!row) return renderStatusPage(404, 'ไม่พบคำสั่งนี้');
    return redirect(`${notePath(row.noteId)}#comment-${id}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 401) return redirect('/login', 303);
    return renderStatusPage(error.status, error.message);
  }
};
