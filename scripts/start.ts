/**
 * `npm start`: build if needed, migrate, seed an empty site, then serve.
 * Options: --no-build (serve the existing build as is).
 * Env: HOST (127.0.0.1), PORT (4321), DATABASE_PATH, SITE_URL, SEED_DEMO=0, TRUST_PROXY.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded, serverEntryPath } from './lib/build-if-needed.ts';
import { prepareDatabase } from './lib/prepare-database.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/lib/server/site.ts';
import { stripUntrustedForwardedHeaders } from '../src/lib/server/request-guard.ts';

const startedAt = performance.now();
const host = process.env.HOST || DEFAULT_HOST;
const port = Number(process.env.PORT || DEFAULT_PORT);

if (!process.argv.includes('--no-build')) buildIfNeeded();
await prepareDatabase();

// We own the HTTP server (the adapter's handler does the rest) so forwarded headers can be
// dropped before Astro trusts them, and "listening" is logged only once it is true.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(serverEntryPath()).href)) as { handler: (req: unknown, res: unknown) => void };
const server = createServer((req, res) => {
  stripUntrustedForwardedHeaders(req.headers);
  handler(req, res);
});
server.listen(port, host, () => {
  console.log(`Server listening on http://${host}:${port}`);
  console.log(`บันทึกพร้อมให้บริการที่ http://${host}:${port} (เริ่มระบบใน ${Math.round(performance.now() - startedAt)} ms)`);
});
const shutdown = () => server.close(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
