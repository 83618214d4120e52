/**
 * Honeypot for public forms: a field hidden from people (see Honeypot.astro). A filled one means a
 * bot; the form answers with a polite Thai error and stores nothing.
 */
import { html, type SafeHtml } from '../../html.ts';
import { DomainError } from '../errors.ts';

/** Named like a field bots love to fill. */
const HONEYPOT_FIELD = 'website';
const HONEYPOT_MESSAGE = 'ระบบไม่สามารถรับข้อมูลจากแบบฟอร์มนี้ได้ หากคุณกรอกเอง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง';

/**
 * The field: moved off-screen by .honeypot, skipped by keyboard and screen readers; form-filling
 * bots do fill it. The one copy of its markup (Honeypot.astro and the comment forms use it).
 */
export function honeypotHtml(id = 'hp-website'): SafeHtml {
  return html`<div class="honeypot" aria-hidden="true"><label for="${id}">เว้นช่องนี้ว่างไว้</label><input id="${id}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" value=""></div>`;
}

/** Throws a 400 when the honeypot field of a form post is filled. */
export function rejectHoneypot(form: Record<string, string>): void {
  if ((form[HONEYPOT_FIELD] ?? '').trim() !== '') throw new DomainError(400, HONEYPOT_MESSAGE, { form: HONEYPOT_MESSAGE });
}
