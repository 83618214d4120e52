/**
 * Plain HTML form posts (buttons such as join, follow, mark read): run the action, then redirect
 * with 303 to the page it returns. A 401 goes to the login page; other domain errors become a Thai
 * status page with the honest status.
 */
import type { APIContext, APIRoute } from 'astro';
import { DomainError } from '../errors.ts';
import { readForm } from './http.ts';
import { renderStatusPage } from './status-page.ts';
import { safeRedirectPath } from '../../paths.ts';

export function formPost(action: (context: APIContext, form: Record<string, string>) => string | Promise<string>): APIRoute {
  return async (context) => {
    try {
      const form = await readForm(context.request);
      return context.redirect(await action(context, form), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.status === 401) {
        const back = safeRedirectPath(new URL(context.request.headers.get('referer') ?? '/', context.url).pathname);
        return context.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
      }
      return renderStatusPage(error.status, error.message);
    }
  };
}
