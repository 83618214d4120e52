/**
 * Builds the service worker after Astro's build: src/sw/service-worker.ts bundled by Vite (the
 * bundler Astro already uses) into one classic script, then Workbox's injectManifest writes the
 * list of the build's files to precache into it as /sw.js. See
 * docs/decisions/2302-offline-app-service-worker.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'vite';
import { injectManifest } from 'workbox-build';

const SOURCE = fileURLToPath(new URL('../sw/service-worker.ts', import.meta.url));
/** What is precached: the app shell's scripts, styles and fonts, the icons and the manifest (not the search index, not pages). */
const PRECACHE_PATTERNS = ['_astro/**/*.{js,css,woff2}', 'icons/*.png', 'favicon.svg', 'manifest.webmanifest'];
/** The largest file precached (the editor's script is about 300 KB before compression). */
const MAX_PRECACHED_FILE_BYTES = 1024 * 1024;

/** Bundles the worker and writes `<clientDir>/sw.js` with its precache list. */
async function buildServiceWorker(clientDir: string): Promise<{ count: number; size: number }> {
  const temp = mkdtempSync(join(tmpdir(), 'banthuek-sw-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: temp,
        emptyOutDir: true,
        minify: true,
        lib: { entry: SOURCE, formats: ['iife'], name: 'banthuekServiceWorker', fileName: () => 'sw.js' },
      },
    });
    const { count, size, warnings } = await injectManifest({
      swSrc: join(temp, 'sw.js'),
      swDest: join(clientDir, 'sw.js'),
      globDirectory: clientDir,
      globPatterns: PRECACHE_PATTERNS,
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
      // Hashed names change with their content: no revision needed (and no cache-busting query).
      dontCacheBustURLsMatching: /^_astro\//,
    });
    for (const warning of warnings) console.warn(`service worker: ${warning}`);
    return { count, size };
  } catch (cause) {
    throw new Error('Failed to build the service worker', { cause });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

export function serviceWorker(): AstroIntegration {
  let clientDir = '';
  return {
    name: 'banthuek:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = fileURLToPath(config.build.client);
      },
      'astro:build:done': async ({ logger }) => {
        const { count, size } = await buildServiceWorker(clientDir);
        logger.info(`sw.js: ${count} files precached (${Math.round(size / 1024)} KB)`);
      },
    },
  };
}
