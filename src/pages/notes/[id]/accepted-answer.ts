import { formAction } from '~/lib/server/web/form-action.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { acceptAnswer, withdrawAcceptedAnswer } from '~/lib/server/question.ts';

/** The "เลือกเป็นคำตอบที่ใช่" / "ยกเลิกการเลือก" buttons under answers, without JavaScript. */
export const POST = formAction(({ params, locals }, form) => {
  const id = parseNoteId(params.id);
  if (form.action === 'withdraw') {
    withdrawAcceptedAnswer(locals.user, id);
    return `/notes/${id}#comments`;
  }
  acceptAnswer(locals.user, id, Number(form.commentId));
  return `/notes/${id}#accepted-answer`;
});
