/**
 * `npm start`: build if needed, migrate, seed an empty site (once, here in the primary), then fork
 * WORKERS server processes (default: one per core) that share the port, and keep the search index
 * current from the primary (built in the background when missing or stale). The workers run the
 * built server entry (src/server/entry.ts → dist/server/entry.mjs) with plain node.
 * Options: --no-build (serve the existing build as is).
 * Env: every variable is in src/lib/server/config.ts (and the README's table); a bad value stops here.
 */
import { buildIfNeeded, serverEntryPath } from './lib/build-if-needed.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { freezeConfig } from '../src/lib/server/config.ts';
import { setBeforeExit, startWorkers } from '../src/server/cluster.ts';
import { startPrimarySearchIndexer, stopSearchIndexUpdates } from '../src/lib/server/search-index/schedule.ts';
import { startMailSender, stopMailSender } from '../src/lib/server/mail/sender.ts';
import { startReplication } from '../src/lib/server/replica/replication.ts';

const startedAt = performance.now();
const config = freezeConfig();

if (!process.argv.includes('--no-build')) buildIfNeeded();
await prepareDatabase();
// Loaded after the config check, so a bad variable still stops npm start at once.
const { serveImageSlots } = await import('../src/lib/server/upload/image-slot.ts');
const { scheduleUploadsGc } = await import('../src/lib/server/upload/gc.ts');
const { scheduleIdempotencySweep } = await import('../src/lib/server/idempotency.ts');
const { scheduleAccountErasures } = await import('../src/lib/server/account-erasure-job.ts');
const { scheduleQuestionReminders } = await import('../src/lib/server/question.ts');
serveImageSlots(); // before forking: a worker may ask for the photo slot as soon as it serves
// Before the workers take writes, so Litestream watches the WAL from the first one (REPLICA_URL only).
const stopReplication = await startReplication();
await startWorkers(config.workers, serverEntryPath(config.outDir));
// The primary alone keeps the search index current (builds it when missing, in a child process,
// while the workers already serve); workers forward their write events to it.
startPrimarySearchIndexer();
// The primary alone delivers the mail outbox (workers write it and nudge over IPC).
startMailSender();
// After the workers exited: the indexer stops, mail in flight is recorded, Litestream ships the last writes.
setBeforeExit(async () => {
  await Promise.all([stopSearchIndexUpdates(), stopMailSender(), stopReplication?.()]);
});
// The primary alone removes uploads nothing refers to (hourly), so workers never race over it.
scheduleUploadsGc();
// …and Idempotency-Keys past their 24 hours (hourly; an expired key is ignored even before it is swept).
scheduleIdempotencySweep();
// The primary alone carries out account erasures whose grace period is over (PDPA s.33), at start and every 10 minutes.
scheduleAccountErasures();
// The primary alone reminds askers, once, to accept an answer that came (issue 26).
scheduleQuestionReminders();
// Printed only once every worker accepts connections (tests and process managers wait for it).
console.log(`Server listening on http://${config.host}:${config.port}`);
console.log(
  `บันทึกพร้อมให้บริการที่ http://${config.host}:${config.port} (เริ่มระบบใน ${Math.round(performance.now() - startedAt)} ms, ${config.workers} กระบวนการ)`,
);
