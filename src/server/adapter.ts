/**
 * The site's own Astro adapter: `astro build` bundles src/server/entry.ts as the server entry, so
 * the HTTP server, the page cache and every page share one module graph (one database connection
 * set, one comment memo, one event bus per worker). Modelled on @astrojs/node, which does the same
 * for its standalone server; ours adds the page cache, compression and the cluster
 * (docs/decisions/0601-server-and-page-cache.md, 1001-own-adapter.md).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

export default function banthuekServer(): AstroIntegration {
  return {
    name: 'banthuek-server',
    hooks: {
      'astro:config:done': ({ setAdapter }) => {
        setAdapter({
          name: 'banthuek-server',
          serverEntrypoint: fileURLToPath(new URL('./entry.ts', import.meta.url)),
          adapterFeatures: { buildOutput: 'server', edgeMiddleware: false },
          supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', hybridOutput: 'stable', sharpImageService: 'stable' },
        });
      },
    },
  };
}
