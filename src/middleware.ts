import { defineMiddleware } from 'astro:middleware';
import { SESSION_COOKIE_NAME, deleteSessionCookie, setSessionCookie, validateSessionToken } from './lib/server/session.ts';
import {
  bodyKindFor,
  checkBodyType,
  getClientIp,
  isSafeMethod,
  isOversizeBody,
  isSameOriginWrite,
} from './lib/server/web/request-guard.ts';
import { errorToJson, json } from './lib/server/web/http.ts';
import { domainErrorPage } from './lib/server/web/form-action.ts';
import { DomainError } from './lib/server/errors.ts';
import { WRITE_CONFLICT_MESSAGE, isUniqueViolation } from './lib/server/write-transaction.ts';
import { unknowableTarget } from './lib/server/note-visibility.ts';
import { applySecurityHeaders } from './lib/server/security-headers.ts';
import { renderStatusPage } from './lib/server/web/status-page.ts';
import { bodyLimitFor, isUploadRoute, tooLargeMessage } from './lib/server/web/body-reader.ts';
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

  // The route's own limit (body-reader.ts), as the server's socket reader applies it; this catches
  // a declared size where that reader does not run (astro dev and preview).
  const upload = isUploadRoute(url.pathname);
  if (isOversizeBody(request, bodyLimitFor(url.pathname))) {
    const message = tooLargeMessage(url.pathname);
    return applySecurityHeaders(isApi ? json({ error: message }, 413) : renderStatusPage(413, message), url);
  }
  // RFC 8058 one-click unsubscribe is POSTed by mail providers, not our pages; its signed token is the authority.
  if (!isSameOriginWrite(request, url) && url.pathname !== '/mail/unsubscribe') {
    const message = 'คำขอนี้ไม่ได้มาจากหน้าเว็บของบันทึก จึงถูกปฏิเสธเพื่อความปลอดภัย';
    return applySecurityHeaders(isApi ? json({ error: message }, 403) : renderStatusPage(403, message), url);
  }

  // Every route's body type is checked here, once; an upload route reads its multipart body itself,
  // without undici's slow parse of a 20 MB file.
  const badBody = await checkBodyType(request, bodyKindFor(url.pathname, upload));
  if (badBody) {
    const refusal = isApi ? json({ error: badBody.message }, badBody.status) : renderStatusPage(badBody.status, badBody.message);
    return applySecurityHeaders(refusal, url);
  }

  // Our server parsed the cookie once already; `astro dev` has no such server and parses it here.
  const token = 'sessionToken' in locals ? locals.sessionToken : cookies.get(SESSION_COOKIE_NAME)?.value;
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
  // A signed-in stranger's write to a note or comment they may not see answers as a missing one
  // would (signed out, every route asks to sign in first, for both alike).
  const unknowable = locals.user && !isSafeMethod(request.method) ? unknowableTarget(url.pathname, locals.user) : null;
  if (unknowable) return applySecurityHeaders(isApi ? errorToJson(unknowable) : domainErrorPage(context, unknowable), url);
  // The form posts the device outbox replays take an Idempotency-Key like the JSON API (its routes wrap themselves).
  const render = () =>
    isReplayableFormPost(request.method, url.pathname)
      ? answerOnce(request, locals.user, next, (error) => domainErrorPage(context, error))
      : next();
  const response = await render().catch((error: unknown) => {
    // A refusal thrown where no route caught it (a page reading its form before its try) keeps its
    // honest status and Thai sentence instead of becoming a 500; a unique conflict is a 409.
    const refusal = isUniqueViolation(error) ? new DomainError(409, WRITE_CONFLICT_MESSAGE) : error;
    if (!(refusal instanceof DomainError)) throw error;
    return isApi ? errorToJson(refusal) : domainErrorPage(context, refusal);
  });
  const secured = applySecurityHeaders(response, url);
  if (locals.user) secured.headers.set('cache-control', 'private, no-store');
  // The service worker files signed-in pages under this account, and clears them when it changes.
  secured.headers.set(ACCOUNT_HEADER, accountTag(locals.user));
  return secured;
});
