import { defineMiddleware } from 'astro:middleware';
import { SESSION_COOKIE_NAME, deleteSessionCookie, setSessionCookie, validateSessionToken } from './lib/server/session.ts';
import { checkFormBody, getClientIp, isOversizeBody, isSameOriginWrite } from './lib/server/web/request-guard.ts';
import { json } from './lib/server/web/http.ts';
import { applySecurityHeaders } from './lib/server/security-headers.ts';
import { renderStatusPage } from './lib/server/web/status-page.ts';
import { UPLOAD_BODY_LIMIT, UPLOAD_TOO_LARGE, isUploadRoute } from './lib/server/web/body-reader.ts';
import { startSearchIndexUpdates } from './lib/server/search-index/schedule.ts';
import { startMailSenderOutsideCluster } from './lib/server/mail/sender.ts';
import { ACCOUNT_HEADER, accountTag } from './lib/account-tag.ts';
import { answerOnce, isReplayableFormPost } from './lib/server/web/idempotent.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url, cookies, locals } = context;
  // The search index follows note and comment writes from the first request on (child processes,
  // never in a request); not while pages are prerendered at build time.
  if (!context.isPrerendered) {
    startSearchIndexUpdates();
    startMailSenderOutsideCluster(); // the cluster primary runs it under `npm start`
  }
  const isApi = url.pathname.startsWith('/api/');
  let clientAddress: string | undefined;
  try {
    clientAddress = context.clientAddress;
  } catch {
    clientAddress = undefined; // prerendered pages have no client
  }
  locals.clientIp = getClientIp(request, clientAddress);
  locals.user = null;
  locals.session = null;

  // Uploads carry files up to 20 MB; every other route stays at the small limit.
  const upload = isUploadRoute(url.pathname);
  if (isOversizeBody(request, upload ? UPLOAD_BODY_LIMIT : undefined)) {
    const message = upload ? UPLOAD_TOO_LARGE : 'ข้อมูลที่ส่งมีขนาดใหญ่เกินไป';
    return applySecurityHeaders(isApi ? json({ error: message }, 413) : renderStatusPage(413, message), url);
  }
  // RFC 8058 one-click unsubscribe is POSTed by mail providers, not our pages; its signed token is the authority.
  if (!isSameOriginWrite(request, url) && url.pathname !== '/mail/unsubscribe') {
    const message = 'คำขอนี้ไม่ได้มาจากหน้าเว็บของบันทึก จึงถูกปฏิเสธเพื่อความปลอดภัย';
    return applySecurityHeaders(isApi ? json({ error: message }, 403) : renderStatusPage(403, message), url);
  }

  // An upload route reads its multipart body itself, without undici's slow parse of a 20 MB file.
  const badForm = isApi || upload ? null : await checkFormBody(request);
  if (badForm) return applySecurityHeaders(renderStatusPage(badForm.status, badForm.message), url);

  const token = cookies.get(SESSION_COOKIE_NAME)?.value;
  if (token) {
    const result = validateSessionToken(token);
    if (result) {
      locals.user = result.user;
      locals.session = result.session;
      setSessionCookie(cookies, token); // slide the cookie's own expiry with the session
    } else {
      deleteSessionCookie(cookies);
    }
  }
  // The form posts the device outbox replays take an Idempotency-Key like the JSON API (its routes wrap themselves).
  const response = isReplayableFormPost(request.method, url.pathname)
    ? await answerOnce(request, locals.user, next, (error) => renderStatusPage(error.status, error.message))
    : await next();
  const secured = applySecurityHeaders(response, url);
  if (locals.user) secured.headers.set('cache-control', 'private, no-store');
  // The service worker files signed-in pages under this account, and clears them when it changes.
  secured.headers.set(ACCOUNT_HEADER, accountTag(locals.user));
  return secured;
});
