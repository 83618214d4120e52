import type { APIRoute } from 'astro';
import { needLogin } from '~/lib/server/errors.ts';
import { acceptPrivacyNotice, listConsents, needsNoticeAcceptance } from '~/lib/server/consent.ts';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { PRIVACY_NOTICE_VERSION } from '~/lib/privacy.ts';

/** Which notice version is current and whether the member has still to read it. */
export const GET: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  return json({ version: PRIVACY_NOTICE_VERSION, needsAcceptance: needsNoticeAcceptance(locals.user.id) });
});

/** Records that the member read the current version (asked once after a new version). */
export const POST: APIRoute = apiHandler(({ locals }) => {
  if (!locals.user) throw needLogin();
  if (needsNoticeAcceptance(locals.user.id)) acceptPrivacyNotice(locals.user.id, 'notice');
  return json({ version: PRIVACY_NOTICE_VERSION, items: listConsents(locals.user.id) });
});
