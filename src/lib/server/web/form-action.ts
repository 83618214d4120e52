/**
 * The one shape of a plain HTML form post (buttons such as join, follow, report, hide, mark read):
 * run the action, then 303 to the page it returns. A DomainError becomes the page's error state:
 * 401 goes to the login page and back to the page the form was on; anything else is a Thai status
 * page with the honest status (and Retry-After when rate-limited).
 */
import { refererPath } from './request-headers.ts';
import type { APIContext, APIRoute } from 'astro';
import { DomainError } from '../errors.ts';
import { safeRedirectPath } from '../../paths.ts';
import { readForm } from './http.ts';
import { renderStatusPage } from './status-page.ts';

export type FormFields = Record<string, string>;

/**
 * `action` gets the posted fields (read once here, size-checked) unless `readsBody: false`, for
 * actions that read the request body themselves.
 */
export function formAction(
  action: (context: APIContext, form: FormFields) => string | Promise<string>,
  options: { readsBody?: boolean } = {},
): APIRoute {
  return async (context) => {
    try {
      const form = options.readsBody === false ? {} : await readForm(context.request);
      return context.redirect(await action(context, form), 303);
    } catch (error) {
      return errorResponse(context, error);
    }
  };
}

/**
 * The answer of a route that builds its own Response (a feed, a download) when it fails: a
 * DomainError becomes domainErrorPage; anything else is rethrown. Use as
 * `catch (error) { return errorResponse(context, error); }`.
 */
export function errorResponse(context: APIContext, error: unknown): Response {
  if (!(error instanceof DomainError)) throw error;
  return domainErrorPage(context, error);
}

/** The answer to a form post that failed with `error` (see formAction). */
export function domainErrorPage(context: APIContext, error: DomainError): Response {
  if (error.status === 401) {
    // Back to the page the form was on (these URLs answer POST only), never off-site.
    const back = safeRedirectPath(refererPath(context.request.headers.get('referer')));
    return context.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  }
  const response = renderStatusPage(error.status, error.message);
  if (error.retryAfterMs) response.headers.set('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
  return response;
}

/**
 * The error state of a page that handles its own form or loads what it shows (register, login,
 * the note editor, the note page …): a DomainError sets the page's status and is returned for the
 * page to show; anything else is rethrown. Use as `catch (error) { failure = pageError(error, Astro.response); }`.
 */
export function pageError(error: unknown, response: ResponseInit): DomainError {
  if (!(error instanceof DomainError)) throw error;
  response.status = error.status;
  return error;
}

/** The messages beside a failed form's fields, or one for the whole form when it names none. */
export function fieldErrors(error: DomainError): Record<string, string> {
  return error.fields ?? { form: error.message };
}
