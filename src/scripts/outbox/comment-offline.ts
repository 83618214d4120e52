/** No signal: a comment form's submit goes into the device outbox (sent once, later) instead of a dead connection. */
document.addEventListener('submit', (event) => {
  const form = event.target;
  const account = document.querySelector<HTMLElement>('[data-account]')?.dataset.account;
  if (navigator.onLine || !account || !(form instanceof HTMLFormElement) || !form.classList.contains('comment-form')) return;
  event.preventDefault();
  void import('./comment-submit.ts').then((m) => m.queueComment(form, account));
});

export {}; // a module: the note page imports it dynamically
