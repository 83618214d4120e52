/**
 * View beacons, counted cheaply: each worker gathers counts in memory and writes them in one
 * transaction every VIEW_FLUSH_MS (one write per few seconds instead of one per beacon, so a
 * beacon flood neither takes the write lock nor invalidates list caches at beacon speed). Each
 * address may count at most VIEWS_PER_IP_PER_WINDOW reads per window, kept in memory only
 * (viewsPerAddress in caches.ts): a database bucket would cost the write batching saves.
 * See docs/decisions/0401-view-counts.md.
 */
import { sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { MINUTE_MS, SECOND_MS } from '../time.ts';
import { viewsPerAddress } from './caches.ts';

export const VIEW_FLUSH_MS = 5 * SECOND_MS;
export const VIEWS_PER_IP_PER_WINDOW = 30;
export const VIEW_WINDOW_MS = MINUTE_MS;

const pending = new Map<number, number>();
let timer: NodeJS.Timeout | undefined;

/** True when `ip` may still count a view in the current window (and takes one). */
function takeAddressAllowance(ip: string, now: number): boolean {
  const seen = viewsPerAddress.get(ip);
  if (!seen || now - seen.since >= VIEW_WINDOW_MS) {
    viewsPerAddress.set(ip, { count: 1, since: now });
    return true;
  }
  if (seen.count >= VIEWS_PER_IP_PER_WINDOW) return false;
  seen.count += 1;
  return true;
}

/**
 * Counts one read of a published, visible note by someone other than its author, from `ip`;
 * written to the database within VIEW_FLUSH_MS. Returns whether it was counted.
 */
export function countView(noteId: number, viewerId: number | undefined, ip: string, now = Date.now()): boolean {
  if (!Number.isSafeInteger(noteId) || noteId <= 0) return false;
  if (viewerId !== undefined) {
    const author = getDb().$client.prepare('SELECT author_id FROM notes WHERE id = ?').pluck().get(noteId);
    if (author === viewerId) return false;
  }
  if (!takeAddressAllowance(ip, now)) return false;
  pending.set(noteId, (pending.get(noteId) ?? 0) + 1);
  timer ??= setTimeout(flushViewCounts, VIEW_FLUSH_MS).unref();
  return true;
}

/** Writes the gathered counts (drafts, hidden and deleted notes gain nothing). Also runs at exit. */
export function flushViewCounts(): void {
  clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  const db = getDb();
  writeTransaction(() => {
    for (const [noteId, count] of batch) {
      db.run(sql`UPDATE notes SET view_count = view_count + ${count}
        WHERE id = ${noteId} AND status = 'published' AND deleted_at IS NULL AND hidden_at IS NULL`);
    }
  });
}

process.once('exit', () => {
  try {
    flushViewCounts();
  } catch {
    // the database may already be closed; a few seconds of counts are not worth a crash
  }
});
