/**
 * HTML built from strings, escaped by default: the one `escapeHtml` of the site and the `html`
 * tagged template the note page's fast-path renderers use. Safe on both sides (no server imports).
 *
 *   html`<a href="${path}">${name}</a>`   // path and name are escaped
 *   html`<div>${trustedHtml(bodyHtml)}</div>` // only for HTML already sanitised (markdown.ts)
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value made safe to put between tags or inside quotes. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML that is already safe (escaped by `html`, or sanitised); only this is inserted as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What `html` accepts: safe HTML as is, text and numbers escaped, nothing for null/undefined/false. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value as readonly HtmlValue[]) out += render(item);
    return out;
  }
  return escapeHtml(value as string | number);
}

/** The tagged template: every interpolated value is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks HTML as safe without escaping. NOTE: only for HTML sanitised on the way in (note and comment bodies). */
export function trustedHtml(value: string): SafeHtml {
  return new SafeHtml(value);
}
