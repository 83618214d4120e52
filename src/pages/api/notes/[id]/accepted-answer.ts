import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { parseNoteId } from '~/lib/server/note.ts';
import { acceptAnswer, withdrawAcceptedAnswer } from '~/lib/server/question.ts';

const acceptSchema = z.object({
  commentId: z
    .union([z.number(), z.string()], { errorMap: () => ({ message: 'กรุณาระบุ commentId ของความเห็นที่เป็นคำตอบ' }) })
    .transform((v) => Number(v))
    .pipe(
      z
        .number({ invalid_type_error: 'กรุณาระบุ commentId ของความเห็นที่เป็นคำตอบ' })
        .int('commentId ต้องเป็นเลขของความเห็น')
        .positive('commentId ต้องเป็นเลขของความเห็น')
        .max(Number.MAX_SAFE_INTEGER, 'commentId ต้องเป็นเลขของความเห็น'),
    ),
});

/** The asker (or a moderator) accepts one comment as the question's answer. */
export const POST: APIRoute = apiHandler(async ({ params, request, locals }) => {
  const id = parseNoteId(params.id);
  const { commentId } = await readJsonBody(request, acceptSchema);
  return json(acceptAnswer(locals.user, id, commentId));
});

/** Takes the choice back: the question is open again. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => json(withdrawAcceptedAnswer(locals.user, parseNoteId(params.id))));
