/**
 * `npm start`: build if needed, migrate, seed an empty site, then serve.
 * Options: --no-build (serve the existing build as is).
 * Env: HOST (127.0.0.1), PORT (4321), DATABASE_PATH, SITE_URL, SEED_DEMO=0.
 */
import { pathToFileURL } from 'node:url';
import { buildIfNeeded, serverEntryPath } from './lib/build-if-needed.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/lib/server/site.ts';

const startedAt = performance.now();
process.env.HOST ||= DEFAULT_HOST;
process.env.PORT ||= String(DEFAULT_PORT);

if (!process.argv.includes('--no-build')) buildIfNeeded();
await prepareDatabase();
await import(pathToFileURL(serverEntryPath()).href);
console.log(`บันทึกพร้อมให้บริการที่ http://${process.env.HOST}:${process.env.PORT} (เริ่มระบบใน ${Math.round(performance.now() - startedAt)} ms)`);
