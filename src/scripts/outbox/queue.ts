/**
 * Putting work into the device outbox from a page: a photo or file (shrunk first, bytes kept in
 * IndexedDB, a local link for the body), a new or edited note, a comment, an AAR. Asks once for
 * persistent storage, asks for a Background Sync where the browser has one, and tries to send at once.
 */
import { LOCAL_LINK_SCHEME, localUploadRefs, type OutboxItem, type OutboxKind, type OutboxRequest } from '../../lib/outbox/items.ts';
import { addItem, listItems, nextSeq } from './store.ts';
import { shrinkPhoto } from './shrink.ts';
import { drainOutbox, type DrainOutcome } from './send.ts';
import { SYNC_TAG } from './sync-tag.ts';

const PENDING_KEY = 'banthuek:outbox-pending:';

/** The signed-in account of this page ("u<id>"), from the account menu; null when signed out. */
export function pageAccount(): string | null {
  return document.querySelector<HTMLElement>('[data-account]')?.dataset.account ?? null;
}

/** Remembers how many items wait, so every page can tell cheaply whether to load the sender. */
export async function recordPending(account: string): Promise<number> {
  const count = (await listItems(account)).filter((item) => item.state !== 'sent').length;
  try {
    if (count > 0) localStorage.setItem(PENDING_KEY + account, String(count));
    else localStorage.removeItem(PENDING_KEY + account);
  } catch {
    // storage refused: pages then find out when they open the outbox
  }
  return count;
}

let persistAsked = false;
async function askToPersist(): Promise<void> {
  if (persistAsked || !navigator.storage?.persist) return;
  persistAsked = true;
  if (!(await navigator.storage.persisted())) await navigator.storage.persist();
}

/** The first wait before a page tries again after a send that stopped on a busy server or a dead link. */
const RETRY_FIRST_MS = 1_000;
/** Waits double up to this while the page stays open. */
const RETRY_MAX_MS = 30_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = RETRY_FIRST_MS;

/**
 * A send that stopped while the browser says it is online (the server busy, a 409 "first try still
 * running", a connection reset mid-way) is tried again from this page with a growing wait. Without
 * this, work waited for the next `online` event or the browser's Background Sync back-off (5 min or
 * more in Chromium, never in Safari): the flapping-signal test's "items stuck after 150 s".
 */
function scheduleRetry(account: string, outcome: DrainOutcome): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  const worthRetrying = outcome === 'server-error' || (outcome === 'offline' && navigator.onLine !== false);
  if (!worthRetrying) {
    retryDelay = RETRY_FIRST_MS;
    return;
  }
  retryTimer = setTimeout(() => void requestSend(account).catch(() => undefined), retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

/**
 * Asks for a send: a Background Sync (it fires even if this tab closes, Chromium only) and a send
 * from this page right now. Resolves with the page's own attempt.
 */
export async function requestSend(account: string): Promise<DrainOutcome> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // no Background Sync: `online`, opening the app and the button send instead
  }
  const outcome = await drainOutbox(account);
  const pending = await recordPending(account);
  scheduleRetry(account, pending > 0 ? outcome : 'done');
  return outcome;
}

async function enqueue(
  item: Omit<OutboxItem, 'seq' | 'state' | 'attempts' | 'createdAt' | 'idempotencyKey'>,
  blob?: Blob,
): Promise<OutboxItem> {
  const full: OutboxItem = {
    ...item,
    seq: nextSeq(),
    state: 'waiting',
    attempts: 0,
    createdAt: Date.now(),
    idempotencyKey: crypto.randomUUID(),
  };
  await addItem(full, blob);
  await recordPending(item.account);
  void askToPersist();
  return full;
}

/** Queues a photo or file; resolves with its item and the Markdown to put in the body meanwhile. */
export async function queueUpload(account: string, file: File, alt: string): Promise<{ item: OutboxItem; markdown: string }> {
  const shrunk = file.type.startsWith('image/') ? await shrinkPhoto(file) : file;
  const id = crypto.randomUUID();
  const item = await enqueue(
    {
      id,
      account,
      kind: 'upload',
      label: file.name,
      bytes: shrunk.size,
      request: { method: 'POST', url: '/api/uploads' },
      upload: { name: shrunk.name, type: shrunk.type, alt },
      dependsOn: [],
    },
    shrunk,
  );
  const isImage = shrunk.type.startsWith('image/');
  const text = (isImage ? alt : file.name).replace(/[[\]]/g, '');
  return { item, markdown: `${isImage ? '!' : ''}[${text}](${LOCAL_LINK_SCHEME}${id})` };
}

/** Queues a JSON request (a note, an edit, a comment, an AAR); its body's local links make it wait for those uploads. */
export async function queueRequest(
  account: string,
  kind: Exclude<OutboxKind, 'upload'>,
  label: string,
  request: OutboxRequest,
): Promise<OutboxItem> {
  const queued = new Set((await listItems(account)).map((item) => item.id));
  return enqueue({
    id: crypto.randomUUID(),
    account,
    kind,
    label,
    bytes: new Blob([JSON.stringify(request.json ?? {})]).size,
    request,
    dependsOn: localUploadRefs(request.json).filter((id) => queued.has(id)),
  });
}
