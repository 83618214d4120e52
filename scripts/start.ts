/**
 * `npm start`: build if needed, migrate, seed an empty site (once, here in the primary), then fork
 * WORKERS server processes (default: one per core) that share the port, and keep the search index
 * current from the primary (built in the background when missing or stale).
 * Options: --no-build (serve the existing build as is).
 * Env: HOST (127.0.0.1), PORT (4321), DATABASE_PATH, SITE_URL, SEED_DEMO=0, WORKERS, LOG_REQUESTS=0.
 */
import { buildIfNeeded, workerPath } from './lib/build-if-needed.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { setBeforeExit, startWorkers, workerCount } from './lib/http/cluster.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/lib/server/site.ts';
import { startPrimarySearchIndexer, stopSearchIndexUpdates } from '../src/lib/server/search-index/schedule.ts';
import { startMailSender, stopMailSender } from '../src/lib/server/mail/sender.ts';

const startedAt = performance.now();
process.env.HOST ||= DEFAULT_HOST;
process.env.PORT ||= String(DEFAULT_PORT);

if (!process.argv.includes('--no-build')) buildIfNeeded();
await prepareDatabase();
const workers = workerCount();
await startWorkers(workers, workerPath());
// The primary alone keeps the search index current (builds it when missing, in a child process,
// while the workers already serve); workers forward their write events to it.
startPrimarySearchIndexer();
// The primary alone delivers the mail outbox (workers write it and nudge over IPC).
startMailSender();
setBeforeExit(() => Promise.all([stopSearchIndexUpdates(), stopMailSender()]).then(() => undefined));
// Printed only once every worker accepts connections (tests and process managers wait for it).
console.log(`Server listening on http://${process.env.HOST}:${process.env.PORT}`);
console.log(`บันทึกพร้อมให้บริการที่ http://${process.env.HOST}:${process.env.PORT} (เริ่มระบบใน ${Math.round(performance.now() - startedAt)} ms, ${workers} กระบวนการ)`);
