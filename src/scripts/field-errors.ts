/**
 * Shows a server's `{error, fields}` answer on a form the way the server-rendered page does: each
 * message beside its field (`.field-error`, like Field.astro), a summary at the top linking to each
 * field, and focus on the first invalid field so a phone scrolls to it.
 */
export function showFieldErrors(form: HTMLFormElement, fields: Record<string, string>, fallback: string): void {
  for (const old of form.querySelectorAll('.field-error, .error-summary')) old.remove();
  for (const wrapper of form.querySelectorAll('.field.has-error')) wrapper.classList.remove('has-error');
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');

  const summary = document.createElement('div');
  summary.className = 'alert error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const entries = Object.entries(fields).filter(([name]) => form.querySelector(`#${CSS.escape(name)}`));
  if (entries.length === 0) {
    summary.textContent = fallback;
  } else {
    const heading = document.createElement('p');
    heading.textContent = `กรุณาแก้ไข ${entries.length} รายการ:`;
    const list = document.createElement('ul');
    for (const [name, message] of entries) {
      const input = form.querySelector<HTMLElement>(`#${CSS.escape(name)}`)!;
      input.setAttribute('aria-invalid', 'true');
      const wrapper = input.closest('.field');
      wrapper?.classList.add('has-error');
      const error = document.createElement('p');
      error.className = 'field-error';
      error.id = `${name}-error`;
      error.textContent = message;
      (wrapper ?? input.parentElement)?.append(error);
      const link = document.createElement('a');
      link.href = `#${name}`;
      link.textContent = message;
      const item = document.createElement('li');
      item.append(link);
      list.append(item);
    }
    summary.append(heading, list);
  }
  form.prepend(summary);
  const first = entries[0] && form.querySelector<HTMLElement>(`#${CSS.escape(entries[0][0])}`);
  (first ?? summary).focus();
}
