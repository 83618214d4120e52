// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import banthuekServer from './src/server/adapter.ts';
import { fontSubsets } from './src/integrations/font-subsets.ts';
import { serviceWorker } from './src/integrations/service-worker.ts';

/**
 * In the browser, markdown-it (the WYSIWYG editor's Markdown parser) decodes HTML entities with the
 * browser's own parser instead of the `entities` package's table: about 75 KB less editor script.
 * @returns {import('vite').Plugin}
 */
function browserEntities() {
  const shim = new URL('./src/scripts/browser-entities.ts', import.meta.url).pathname;
  return {
    name: 'banthuek-browser-entities',
    enforce: 'pre',
    resolveId(id, importer, options) {
      if (id === 'entities' && !options?.ssr && importer?.includes('/markdown-it/')) return shim;
      return null;
    },
  };
}

// NOTE: everything host-specific (HOST, PORT, SITE_URL, DATABASE_PATH) is read from
// process.env when the server starts, never here, so one build runs on any host.
export default defineConfig({
  output: 'server',
  // The site's own adapter: src/server/ is the HTTP server (cluster, compression, page cache, logs),
  // bundled with the pages into one module graph. No streaming: it compresses (and may cache)
  // whole pages, so chunked rendering only adds promise overhead.
  adapter: banthuekServer(),
  integrations: [
    fontSubsets(),
    mdx(),
    serviceWorker(),
    {
      // No modulepreload helper in the browser bundle: our few dynamic imports load one small file
      // each, and the helper cost every note page about 0.7 KB (the cold page must stay under 45 KB).
      // Client only: the server bundle keeps Vite's defaults.
      name: 'banthuek:no-modulepreload',
      hooks: {
        'astro:build:setup': ({ vite, target }) => {
          if (target === 'client') vite.build = { ...vite.build, modulePreload: false };
        },
      },
    },
  ],
  outDir: process.env.BANTHUEK_OUT_DIR ?? './dist',
  // Origin checks are done in src/middleware.ts against SITE_URL at run time
  // (Astro's checkOrigin/allowedDomains are fixed at build time); see docs/decisions/0002-csrf-origin-check.md.
  security: { checkOrigin: false },
  // No `/_image` endpoint: the site does not use astro:assets, and Astro's generic endpoint would
  // fetch any path of the site for anyone (src/server/image-endpoint-off.ts, decision 2101).
  image: { endpoint: { route: '/_image', entrypoint: './src/server/image-endpoint-off.ts' } },
  // Stylesheets are inlined into each page: on HTTP/1.1 a separate file cost a connection and a
  // round trip, ~0.8 s of first paint at 400 ms RTT (issue 24, decision 2402). The CSP allows them
  // by hash (src/lib/server/security-headers.ts); scripts and fonts stay files (assetsInlineLimit).
  build: { inlineStylesheets: 'auto' },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    plugins: [browserEntities()],
    resolve: { alias: { '~': new URL('./src', import.meta.url).pathname, '~db': new URL('./db', import.meta.url).pathname } },
    // Only stylesheets are inlined (into pages, above); a script or font inlined would need its own CSP hash or data: URL.
    build: { assetsInlineLimit: (file) => file.endsWith('.css') },
    ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
  },
});
