import type { APIRoute } from 'astro';
import { setCommentAppreciation } from '~/lib/server/appreciation.ts';
import { notFound } from '~/lib/server/errors.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';

function commentId(raw: string | undefined): number {
  const id = /^\d{1,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('ความเห็นนี้');
  return id;
}

/** Give appreciation to a comment: `{count, given}`; repeating it changes nothing. */
export const POST: APIRoute = apiHandler(({ params, locals }) => json(setCommentAppreciation(locals.user, commentId(params.id), true)));

/** Take it back: `{count, given: false}`. */
export const DELETE: APIRoute = apiHandler(({ params, locals }) => json(setCommentAppreciation(locals.user, commentId(params.id), false)));
