/**
 * The cluster primary's periodic erasure of accounts whose grace period is over (beside the uploads
 * clean-up and the mail sender): once at start, then every ERASURE_INTERVAL_MS. The search index is
 * told at once, so a member's name leaves search within its next update.
 */
import { MINUTE_MS } from '../time.ts';
import { eraseDueAccounts } from './account-deletion.ts';
import { scheduleSearchUpdate } from './search-index/schedule.ts';

const ERASURE_INTERVAL_MS = 10 * MINUTE_MS;

let timer: NodeJS.Timeout | undefined;

/** Runs due erasures now and then periodically in this process; safe to call twice. */
export function scheduleAccountErasures(): void {
  if (timer) return;
  const run = () => {
    try {
      const done = eraseDueAccounts();
      if (done.length === 0) return;
      scheduleSearchUpdate(); // rescans accounts by updated_at: the erased names drop out
      for (const { noteIds } of done) for (const id of noteIds) scheduleSearchUpdate(id);
      console.log(JSON.stringify({ level: 'info', msg: 'accounts erased', count: done.length }));
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'account erasure failed', error: error instanceof Error ? error.stack : String(error) }),
      );
    }
  };
  run();
  timer = setInterval(run, ERASURE_INTERVAL_MS);
  timer.unref();
}
