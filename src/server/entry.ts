/**
 * The server entry Astro bundles into dist/server/entry.mjs (see adapter.ts). `npm start` forks
 * cluster workers that run that file with plain `node`; in a worker, `start` serves the site.
 * NOTE: workers must not run under tsx: its loader makes every dynamic import() (Astro imports a
 * page module per request) a round trip to the loader thread, ~10 ms per page.
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import type { SSRManifest } from 'astro';
import { NodeApp, applyPolyfills } from 'astro/app/node';
import { freezeConfig } from '~/lib/server/config.ts';
import { allowInlineStyles } from '~/lib/server/security-headers.ts';
import { serve } from './server.ts';

applyPolyfills();

let app: NodeApp | undefined;
/** One app per process; no streaming: whole pages are compressed (and maybe cached) anyway. */
function appFor(manifest: SSRManifest): NodeApp {
  app ??= new NodeApp(manifest, false);
  return app;
}

/** Serves the site on HOST:PORT from this process. */
async function startServer(manifest: SSRManifest): Promise<void> {
  const config = freezeConfig();
  // Every stylesheet the build inlined into a page, for the CSP (security-headers.ts).
  allowInlineStyles(manifest.routes.flatMap((route) => route.styles.flatMap((sheet) => (sheet.type === 'inline' ? [sheet.content] : []))));
  await serve(appFor(manifest), {
    host: config.host,
    port: config.port,
    clientDir: join(process.cwd(), config.outDir, 'client'),
  });
}

/** Called by Astro's generated entry when the module loads: a cluster worker starts serving. */
export function start(manifest: SSRManifest): void {
  if (cluster.isWorker) void startServer(manifest);
}
