import type { APIRoute } from 'astro';
import { setCommentAppreciation } from '~/lib/server/appreciation.ts';
import { approveComment, deleteComment, getComment, setCommentHidden, undeleteComment, updateComment } from '~/lib/server/comment.ts';
import { notFound } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { parseWith, readForm } from '~/lib/server/web/http.ts';
import { createReport } from '~/lib/server/report.ts';
import { commentInputSchema, moderationReasonSchema, reportSchema } from '~/lib/validation.ts';
import { notePath } from '~/lib/paths.ts';

/** Form posts from the comment buttons: edit, delete (and its undo), hide, restore, approve, report, appreciation. Each redirects back to the note. */
export const POST: APIRoute = formAction(
  async ({ params, request, locals }) => {
    const id = Number(params.id);
    const form = await readForm(request);
    if (params.action === 'report') {
      const { noteId } = createReport(locals.user, parseWith(reportSchema, { targetType: 'comment', targetId: id, reason: form.reason }));
      return `${notePath(noteId)}?reported=1#comment-${id}`;
    }
    if (params.action === 'appreciation') {
      setCommentAppreciation(locals.user, id, form.give !== '0');
      const noteId = getComment(id)!.noteId;
      return `${notePath(noteId)}#comment-${id}`;
    }
    const row =
      params.action === 'edit'
        ? updateComment(locals.user, id, parseWith(commentInputSchema, form).body, locals.clientIp, form.acknowledgePersonalData === 'on')
        : params.action === 'delete'
          ? deleteComment(locals.user, id)
          : params.action === 'undelete'
            ? undeleteComment(locals.user, id)
            : params.action === 'hide'
              ? setCommentHidden(locals.user, id, true, parseWith(moderationReasonSchema, form.reason ?? ''))
              : params.action === 'restore'
                ? setCommentHidden(locals.user, id, false)
                : params.action === 'approve'
                  ? approveComment(locals.user, id)
                  : null;
    if (!row) throw notFound('คำสั่งนี้');
    return `${notePath(row.noteId)}#comment-${id}`;
  },
  { readsBody: false },
);
