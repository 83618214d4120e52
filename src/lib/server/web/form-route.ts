/**
 * Shared shape of the small POST-only form routes (report, hide, suspend …): run the action, then
 * redirect (303); a DomainError becomes a Thai status page, or the login page when signed out.
 */
import type { APIContext, APIRoute } from 'astro';
import { DomainError } from '../errors.ts';
import { renderStatusPage } from './status-page.ts';

export function formRoute(action: (context: APIContext) => Promise<string> | string): APIRoute {
  return async (context) => {
    try {
      return context.redirect(await action(context), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.status === 401) return context.redirect('/login', 303); // these URLs answer POST only: no `next`
      const response = renderStatusPage(error.status, error.message);
      if (error.retryAfterMs) response.headers.set('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      return response;
    }
  };
}
