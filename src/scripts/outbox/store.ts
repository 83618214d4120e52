/**
 * The device outbox in IndexedDB: `items` (records, see src/lib/outbox/items.ts) and `blobs` (a
 * photo's or file's bytes under its item id). Used by pages and by the service worker alike.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem } from '../../lib/outbox/items.ts';

interface OutboxDb extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { account: string } };
  blobs: { key: string; value: Blob };
}

const DB_NAME = 'banthuek-outbox';
const DB_VERSION = 1;
/** Tells other tabs (and the worker) that the outbox changed. */
export const OUTBOX_CHANNEL = 'banthuek-outbox';

let opened: Promise<IDBPDatabase<OutboxDb>> | undefined;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  opened ??= openDB<OutboxDb>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      const items = database.createObjectStore('items', { keyPath: 'id' });
      items.createIndex('account', 'account');
      database.createObjectStore('blobs');
    },
  });
  return opened;
}

function announce(): void {
  try {
    const channel = new BroadcastChannel(OUTBOX_CHANNEL);
    channel.postMessage('changed');
    channel.close();
  } catch {
    // no BroadcastChannel (old Safari): the pages poll on focus instead
  }
}

/** Every item of `account`, in queue order. */
export async function listItems(account: string): Promise<OutboxItem[]> {
  const items = await (await db()).getAllFromIndex('items', 'account', account);
  return items.sort((a, b) => a.seq - b.seq);
}

export async function getBlob(id: string): Promise<Blob | undefined> {
  return (await db()).get('blobs', id);
}

/** Adds `item` (and its bytes) in one transaction. */
export async function addItem(item: OutboxItem, blob?: Blob): Promise<void> {
  const tx = (await db()).transaction(['items', 'blobs'], 'readwrite');
  await Promise.all([tx.objectStore('items').put(item), blob ? tx.objectStore('blobs').put(blob, item.id) : undefined, tx.done]);
  announce();
}

/** Applies `change` to the stored item (read and written in one transaction) and returns it. */
export async function updateItem(id: string, change: (item: OutboxItem) => void): Promise<OutboxItem | undefined> {
  const tx = (await db()).transaction('items', 'readwrite');
  const item = await tx.store.get(id);
  if (item) {
    change(item);
    await tx.store.put(item);
  }
  await tx.done;
  announce();
  return item;
}

/** Removes items and their bytes. */
export async function removeItems(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const tx = (await db()).transaction(['items', 'blobs'], 'readwrite');
  await Promise.all([...ids.flatMap((id) => [tx.objectStore('items').delete(id), tx.objectStore('blobs').delete(id)]), tx.done]);
  announce();
}

/** A queue position after everything queued so far (milliseconds, ties broken by a counter). */
let lastSeq = 0;
export function nextSeq(): number {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}
