import type { APIRoute } from 'astro';
import { invitationJoinPath } from '~/lib/server/invitation-link.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { errorResponse } from '~/lib/server/web/form-action.ts';

/** A short invitation link (issue 24): on to the community's join page, which accepts it. */
export const GET: APIRoute = (context) => {
  const path = invitationJoinPath(context.params.token ?? '');
  if (!path) return errorResponse(context, new DomainError(404, 'ไม่พบคำเชิญนี้ ลิงก์อาจคัดลอกมาไม่ครบ กรุณาขอลิงก์ใหม่จากผู้ดูแลชุมชน'));
  return context.redirect(path, 302);
};
