/**
 * `npm start`: build if needed, migrate, seed an empty site (once, in the primary), then serve
 * with WORKERS processes (default: one per core; 1 serves in this process).
 * Options: --no-build (serve the existing build as is).
 * Env: HOST (127.0.0.1), PORT (4321), DATABASE_PATH, SITE_URL, SEED_DEMO=0, WORKERS, LOG_REQUESTS=0.
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import { buildIfNeeded, serverEntryPath } from './lib/build-if-needed.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { startWorkers, workerCount } from './lib/http/cluster.ts';
import { serve } from './lib/http/server.ts';
import { resolveDatabasePath } from '../db/client.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/lib/server/site.ts';

const startedAt = performance.now();
process.env.HOST ||= DEFAULT_HOST;
process.env.PORT ||= String(DEFAULT_PORT);
const host = process.env.HOST;
const port = Number(process.env.PORT);
const outDir = process.env.BANTHUEK_OUT_DIR ?? 'dist';

function serveHere() {
  return serve({ host, port, entryPath: serverEntryPath(outDir), clientDir: join(process.cwd(), outDir, 'client'), databasePath: resolveDatabasePath() });
}

if (cluster.isWorker) {
  await serveHere();
} else {
  if (!process.argv.includes('--no-build')) buildIfNeeded();
  await prepareDatabase();
  const workers = workerCount();
  if (workers === 1) await serveHere();
  else await startWorkers(workers);
  console.log(`บันทึกพร้อมให้บริการที่ http://${host}:${port} (เริ่มระบบใน ${Math.round(performance.now() - startedAt)} ms, ${workers} กระบวนการ)`);
}
