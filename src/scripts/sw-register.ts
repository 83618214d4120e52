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
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await wb.register();
  } catch {
    return; // no worker (private mode, a blocked script): the site works as before
  }
  if (registration) watchForUpdates(registration, wb);
  await wb.messageSW({ type: 'account', account: account ?? '-' }).catch(() => undefined);
}

/**
 * Offers every new version that arrives while the page stays open. workbox-window's own `waiting`
 * event covers the first one only: it stops listening after one update it did not start itself
 * (the browser's own check, another tab), so an editor left open across two deploys got no prompt.
 */
function watchForUpdates(registration: ServiceWorkerRegistration, wb: Workbox): void {
  const offerIfWaiting = () => {
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(wb);
  };
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offerIfWaiting();
    });
  });
  offerIfWaiting(); // installed by another tab before this page opened
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
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    wb.messageSkipWaiting();
  });
  document.body.append(button);
}
