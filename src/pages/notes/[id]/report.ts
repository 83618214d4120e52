import { formAction } from '~/lib/server/web/form-action.ts';
import { readForm, parseWith } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { createReport } from '~/lib/server/report.ts';
import { reportSchema } from '~/lib/validation.ts';
import { notePath } from '~/lib/paths.ts';

/** Form post from the note page: report this note with a reason. */
export const POST = formAction(
  async ({ params, request, locals }) => {
    const noteId = parseNoteId(params.id);
    const form = await readForm(request);
    createReport(locals.user, parseWith(reportSchema, { targetType: 'note', targetId: noteId, reason: form.reason }));
    return `${notePath(noteId)}?reported=1`;
  },
  { readsBody: false },
);
