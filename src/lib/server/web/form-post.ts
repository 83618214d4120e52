/**
 * Plain HTML form posts that read their fields: formAction (form-action.ts) under its older name,
 * kept so routes written on other branches keep compiling. New code: use formAction.
 */
import type { APIContext, APIRoute } from 'astro';
import { formAction } from './form-action.ts';

/** @deprecated use formAction */
export function formPost(action: (context: APIContext, form: Record<string, string>) => string | Promise<string>): APIRoute {
  return formAction(action);
}
