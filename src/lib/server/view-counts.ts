/**
 * View beacons, counted cheaply: each worker gathers counts in memory and writes them in one
 * transaction every VIEW_FLUSH_MS (one write per few seconds instead of one per beacon, so a
 * beacon flood neither takes the write lock nor invalidates list caches at beacon speed). Each
 * address may count at most VIEWS_PER_IP_PER_WINDOW reads per window: the worker's memory
 * (viewsPerAddress in caches.ts) turns a flood away before it is gathered, and the flush takes
 * the gathered reads from the address's bucket in SQLite (RATE_LIMITS.viewsPerIp), so the limit
 * holds across workers (issue 21: it was 30 per worker) at one row per address per flush.
 * See docs/decisions/0401-view-counts.md and 2103.
 */
import { sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { MINUTE_MS, SECOND_MS } from '../time.ts';
import { viewWeek } from '../view-week.ts';
import { viewsPerAddress } from './caches.ts';
import { RATE_LIMITS, takeTokens } from './rate-limit.ts';

const VIEW_FLUSH_MS = 5 * SECOND_MS;
export const VIEWS_PER_IP_PER_WINDOW = RATE_LIMITS.viewsPerIp.capacity;
const VIEW_WINDOW_MS = MINUTE_MS;

/** Reads gathered since the last flush: address → note id → count. */
const pending = new Map<string, Map<number, number>>();
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
  let notes = pending.get(ip);
  if (!notes) pending.set(ip, (notes = new Map()));
  notes.set(noteId, (notes.get(noteId) ?? 0) + 1);
  timer ??= setTimeout(flushViewCounts, VIEW_FLUSH_MS).unref();
  return true;
}

/** Writes the gathered counts (drafts, hidden and deleted notes gain nothing). Also runs at exit. */
function flushViewCounts(): void {
  clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  const db = getDb();
  const now = Date.now();
  writeTransaction(
    () => {
      const counts = new Map<number, number>();
      for (const [ip, notes] of batch) {
        const wanted = [...notes.values()].reduce((sum, n) => sum + n, 0);
        // What other workers already counted from this address this window is gone from its bucket.
        let granted = takeTokens(`view:ip:${ip}`, RATE_LIMITS.viewsPerIp, wanted, now);
        for (const [noteId, count] of notes) {
          const take = Math.min(count, granted);
          if (take > 0) counts.set(noteId, (counts.get(noteId) ?? 0) + take);
          granted -= take;
        }
      }
      const week = viewWeek(now);
      for (const [noteId, count] of counts) {
        const { changes } = db.run(sql`UPDATE notes SET view_count = view_count + ${count}
          WHERE id = ${noteId} AND status = 'published' AND deleted_at IS NULL AND hidden_at IS NULL`);
        // The author's weekly figures (issue 26) ride on the same batched write: one row per note and week.
        if (changes > 0) {
          db.run(sql`INSERT INTO note_view_weeks (note_id, week, views) VALUES (${noteId}, ${week}, ${count})
            ON CONFLICT (note_id, week) DO UPDATE SET views = views + excluded.views`);
        }
      }
    },
    { durable: false },
  ); // counts lost at power loss are a few seconds of views: no fsync (write-transaction.ts)
}

process.once('exit', () => {
  try {
    flushViewCounts();
  } catch {
    // the database may already be closed; a few seconds of counts are not worth a crash
  }
});
