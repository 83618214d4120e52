/**
 * "ให้กำลังใจ" and "เก็บไว้อ่าน" without a page load: the forms post to the JSON API instead and the
 * button and count follow the answer (the forms still work without JavaScript). Loaded by
 * note-page.ts on the first click.
 */
const LABELS = {
  appreciation: { on: 'ให้กำลังใจแล้ว', off: 'ให้กำลังใจ', field: 'give' },
  bookmark: { on: 'เก็บไว้แล้ว', off: 'เก็บไว้อ่าน', field: 'save' },
} as const;

export async function toggle(form: HTMLFormElement, kind: keyof typeof LABELS, api: string): Promise<void> {
  const labels = LABELS[kind];
  // The field is a hidden input (the note's buttons) or the button itself (comments: shorter HTML).
  const button = form.querySelector<HTMLButtonElement>('button');
  const field = form.querySelector<HTMLInputElement>(`input[name="${labels.field}"]`) ?? button;
  if (!field || !button || button.disabled) return;
  const turnOn = field.value !== '0';
  button.disabled = true;
  try {
    const response = await fetch(api, {
      method: turnOn ? 'POST' : 'DELETE',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (response.status === 401) {
      location.href = `/login?next=${encodeURIComponent(location.pathname + (form.closest('[id]')?.id ? `#${form.closest('[id]')!.id}` : ''))}`;
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      showError(form, typeof data.error === 'string' ? data.error : 'ทำรายการไม่สำเร็จ กรุณาลองใหม่อีกครั้ง');
      return;
    }
    field.value = turnOn ? '0' : '1';
    button.textContent = turnOn ? labels.on : labels.off;
    button.setAttribute('aria-pressed', String(turnOn));
    button.classList.toggle('given', kind === 'appreciation' && turnOn);
    if (kind === 'appreciation' && !button.classList.contains('link-button')) button.classList.toggle('primary', !turnOn);
    if (kind === 'appreciation' && typeof data.count === 'number') {
      // The note's count sits outside its form (it is part of the shared page); a comment's inside.
      const count =
        form.querySelector<HTMLElement>('[data-appreciation-count]') ??
        form.closest('#appreciation')?.querySelector<HTMLElement>('[data-appreciation-count]') ??
        null;
      if (count) count.textContent = data.count.toLocaleString('th-TH');
    }
  } catch {
    showError(form, 'เชื่อมต่อไม่ได้ กรุณาตรวจสอบอินเทอร์เน็ตแล้วลองใหม่');
  } finally {
    button.disabled = false;
  }
}

function showError(form: HTMLFormElement, message: string): void {
  let box = form.querySelector<HTMLElement>('.field-error');
  if (!box) {
    box = document.createElement('span');
    box.className = 'field-error';
    box.setAttribute('role', 'alert');
    form.append(box);
  }
  box.textContent = ` ${message}`;
}
