/**
 * After a form comes back with errors: scroll to and focus the first invalid field (a phone lands
 * on it, not 900 px above it); the summary at the top links to every error. Links in the summary
 * focus their field too (a fragment alone only scrolls).
 */
export function focusFirstError(): void {
  const summary = document.getElementById('error-summary');
  if (!summary) return;
  const focusField = (id: string) => {
    const target = document.getElementById(id);
    if (!target) return false;
    // A field whose own input is hidden (the WYSIWYG editor over #body) points at what replaced it.
    const proxy = target.hidden ? target.parentElement?.querySelector<HTMLElement>('[contenteditable="true"]') : null;
    const field = proxy ?? target;
    field.scrollIntoView({ block: 'center' });
    field.focus({ preventScroll: true });
    return true;
  };
  summary.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[href^="#"]');
    if (link && focusField(decodeURIComponent(link.hash.slice(1)))) event.preventDefault();
  });
  // The editor mounts in the same tick; wait a frame so the proxy exists.
  requestAnimationFrame(() => focusField(summary.dataset.firstError ?? ''));
}
