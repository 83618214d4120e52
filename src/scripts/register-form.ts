/**
 * Sign-up with JavaScript: the form is sent as JSON so every field error comes back at once and
 * the password stays in its box (the server never echoes it); a strength hint follows typing.
 * Without JavaScript the same form posts normally and the server shows all errors too.
 */
import { PASSWORD_STRENGTH_LABELS, gradePassword } from '../lib/password-strength.ts';
import { showFieldErrors } from './field-errors.ts';
import { safeRedirectPath } from '../lib/paths.ts';

const form = document.querySelector<HTMLFormElement>('#register-form');
const password = form?.querySelector<HTMLInputElement>('#password');
const strength = form?.querySelector<HTMLElement>('#password-strength');

if (form && password && strength) {
  password.addEventListener('input', () => {
    const grade = gradePassword(password.value);
    strength.textContent = PASSWORD_STRENGTH_LABELS[grade];
    strength.dataset.grade = grade;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    try {
      const response = await fetch('/api/auth/register', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
      const body = (await response.json().catch(() => ({}))) as { username?: string; error?: string; fields?: Record<string, string> };
      if (response.ok && body.username) {
        // Like the server's form: `?next=` (an invitation link, say) wins over the welcome page.
        const next = new URLSearchParams(location.search).get('next');
        location.assign(next ? safeRedirectPath(next) : `/u/${encodeURIComponent(body.username)}?welcome=1`);
        return;
      }
      showFieldErrors(form, body.fields ?? {}, body.error ?? 'สมัครสมาชิกไม่สำเร็จ กรุณาลองใหม่อีกครั้ง');
    } catch {
      showFieldErrors(form, {}, 'เชื่อมต่อไม่ได้ กรุณาตรวจสอบอินเทอร์เน็ตแล้วลองใหม่');
    } finally {
      if (button) button.disabled = false;
    }
  });
}
