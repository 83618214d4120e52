/**
 * Registers /sw.js with workbox-window. A new version never takes over an open page by itself
 * (an editor mid-sentence keeps its scripts): the member sees "มีรุ่นใหม่ แตะเพื่อโหลด" and chooses.
 * Tells the worker which account this page belongs to, so it keeps pages per account and clears
 * them on sign-out.
 */
import { Workbox } from 'workbox-window';

export async function registerServiceWorker(account: string | null): Promise<void> {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => offerUpdate(wb));
  try {
    await wb.register();
  } catch {
    return; // no worker (private mode, a blocked script): the site works as before
  }
  await wb.messageSW({ type: 'account', account: account ?? '-' }).catch(() => undefined);
}

function offerUpdate(wb: Workbox): void {
  if (document.getElementById('app-update')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'app-update';
  button.className = 'app-update primary';
  button.textContent = 'มีรุ่นใหม่ แตะเพื่อโหลด';
  button.addEventListener('click', () => {
    button.disabled = true;
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  });
  document.body.append(button);
}
