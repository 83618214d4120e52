/**
 * POST-only form routes that read the request themselves: formAction (form-action.ts) under its
 * older name, kept so routes written on other branches keep compiling. New code: use formAction.
 */
import type { APIContext, APIRoute } from 'astro';
import { formAction } from './form-action.ts';

/** @deprecated use formAction */
export function formRoute(action: (context: APIContext) => Promise<string> | string): APIRoute {
  return formAction((context) => action(context), { readsBody: false });
}
