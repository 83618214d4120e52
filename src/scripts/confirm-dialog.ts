/**
 * Delete, hide and leave buttons are GET forms to /confirm (marked data-confirm), or a button
 * marked data-confirm with formaction="/confirm" inside a page's form. With JavaScript
 * the same confirmation opens in a modal <dialog> instead of a new page: its text and its POST
 * form are the server's own /confirm page, so the question is written once. Any failure falls
 * back to that page.
 */
let dialog: HTMLDialogElement | undefined;

function ensureDialog(): HTMLDialogElement {
  if (dialog) return dialog;
  dialog = document.createElement('dialog');
  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
  dialog.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target === dialog || target.closest('[data-dialog-cancel]')) {
      event.preventDefault();
      dialog!.close();
    }
  });
  document.body.append(dialog);
  return dialog;
}

async function openConfirmation(url: string): Promise<void> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`confirm page answered ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const step = page.querySelector('.confirm-step');
  if (!step) throw new Error('confirm page without a confirm step');
  const box = ensureDialog();
  box.replaceChildren(...Array.from(step.childNodes, (node) => document.importNode(node, true)));
  box.querySelector('h1')?.setAttribute('id', 'confirm-dialog-title');
  box.querySelector('a.button')?.setAttribute('data-dialog-cancel', '');
  box.showModal();
  box.querySelector<HTMLElement>('a.button')?.focus();
}

// A whole form (GET /confirm) or one button in a page's POST form (formaction="/confirm").
document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  const submitter = event.submitter as HTMLButtonElement | null;
  // An action on ticked items with nothing ticked: say so beside the buttons and stay on the page.
  const needs = submitter?.dataset.needsTicked;
  const nothingTicked = form.querySelector<HTMLElement>('[data-nothing-ticked]');
  if (needs && nothingTicked && !form.querySelector(`input[name="${needs}"]:checked`)) {
    event.preventDefault();
    nothingTicked.hidden = false;
    nothingTicked.focus();
    return;
  }
  const viaButton = submitter?.matches('[data-confirm]') ?? false;
  if (!viaButton && !form.matches('form[data-confirm]')) return;
  event.preventDefault();
  const query = new URLSearchParams(new FormData(form, viaButton ? submitter : null) as unknown as Record<string, string>);
  const url = `${viaButton ? submitter!.formAction : form.action}?${query}`;
  openConfirmation(url).catch(() => window.location.assign(url));
});

// A ready moderation reason (ModerationReasonField): one tap fills the field, on the page and in the dialog.
document.addEventListener('click', (event) => {
  const chip = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-reason]');
  const field = chip?.closest('.moderation-reason')?.querySelector<HTMLInputElement>('input[name="reason"]');
  if (!chip || !field) return;
  field.value = chip.dataset.reason ?? '';
  field.focus();
});
