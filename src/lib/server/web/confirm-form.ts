/**
 * A delete, hide, remove or leave button: a GET form to /confirm, which asks first; with JavaScript
 * a dialog asks instead (src/scripts/confirm-dialog.ts). `action` is the POST path the confirmed
 * step goes to (see destructive-actions.ts). The one source of that form: ConfirmForm.astro renders
 * it for pages, the note page's fast path and lists call it directly.
 */
import { html, type SafeHtml } from '../../html.ts';

export interface ConfirmFormOptions {
  buttonClass?: string;
  /** Words for screen readers after the label, e.g. which community. */
  hiddenLabel?: string;
  id?: string;
  /** Fields the member fills in before asking (a username to hand over to): HTML already made safe. */
  fields?: SafeHtml;
}

export function confirmFormHtml(
  action: string,
  label: string,
  { buttonClass, hiddenLabel, id, fields }: ConfirmFormOptions = {},
): SafeHtml {
  return html`<form method="get" action="/confirm" class="inline-form" data-confirm><input type="hidden" name="do" value="${action}">${fields}<button type="submit"${buttonClass ? html` class="${buttonClass}"` : ''}${id ? html` id="${id}"` : ''}>${label}${hiddenLabel && html`<span class="visually-hidden"> ${hiddenLabel}</span>`}</button></form>`;
}
