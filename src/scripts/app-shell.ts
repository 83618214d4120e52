/**
 * On every page, loaded just after the page (the full modules load only when needed): registers the service
 * worker, shows "อ่านแบบออฟไลน์ · บันทึกไว้เมื่อ …" on a page served from the device, and sends
 * the device outbox when the app opens and when the connection returns.
 */
const account = document.querySelector<HTMLElement>('[data-account]')?.dataset.account ?? null;
const PENDING_KEY = 'banthuek:outbox-pending:';

const savedAt = document.documentElement.dataset.offlineSaved;
if (savedAt) void import('./offline-banner.ts').then((m) => m.showOfflineBanner(savedAt));

/** The worker (and its 480 KB precache) waits until the page has loaded and settled: a first visit on a slow phone reads first. */
const REGISTER_AFTER_LOAD_MS = 2_500;
// Only for members (or where a worker already runs, to keep it current): an anonymous first visit
// on a 400 kbps link would otherwise spend ~10 s precaching while the reader searches and reads.
if ('serviceWorker' in navigator && (account !== null || navigator.serviceWorker.controller)) {
  // The layout loads this module after the page's load event.
  setTimeout(() => void import('./sw-register.ts').then((m) => m.registerServiceWorker(account)), REGISTER_AFTER_LOAD_MS);
}

function hasPending(): boolean {
  try {
    return account !== null && Number(localStorage.getItem(PENDING_KEY + account) ?? '0') > 0;
  } catch {
    return account !== null;
  }
}

function sendOutbox(): void {
  if (!account || !hasPending()) return;
  void import('./outbox/queue.ts').then((m) => m.requestSend(account)).catch(() => undefined);
}

sendOutbox(); // the app opened
window.addEventListener('online', sendOutbox);

export {}; // a module: the layout imports it dynamically
