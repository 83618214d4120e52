/**
 * Entry of a server worker process. It is bundled to plain JavaScript at build time
 * (dist/http/worker.mjs, see build-if-needed.ts) and run by plain `node`. NOTE: under tsx's
 * loader every dynamic import() — Astro imports a page module on each request — makes a round trip
 * to the loader thread, which cost ~10 ms per page; workers must not run under tsx.
 */
import { join } from 'node:path';
import { resolveDatabasePath } from '../../../db/client.ts';
import { serve } from './server.ts';

const outDir = process.env.BANTHUEK_OUT_DIR ?? 'dist';
await serve({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT),
  entryPath: join(process.cwd(), outDir, 'server', 'entry.mjs'),
  clientDir: join(process.cwd(), outDir, 'client'),
  databasePath: resolveDatabasePath(),
});
