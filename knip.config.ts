import type { KnipConfig } from 'knip';

/** Dead-code check (npm run lint): unused files, exports and dependencies fail CI. */
const config: KnipConfig = {
  entry: [
    'scripts/*.ts',
    'bench/*.ts',
    'db/migrate.ts',
    'src/server/entry.ts',
    'src/scripts/*.ts',
    // Started as a child process by tests/unit/server/graceful-stop.test.ts (by path, not import).
    'tests/helpers/retiring-cluster.ts',
    // Named by path in astro.config.mjs (image.endpoint): answers 404 in place of Astro's /_image.
    'src/server/image-endpoint-off.ts',
  ],
  project: ['src/**/*.{ts,astro}', 'db/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'tests/**/*.ts'],
  ignoreDependencies: [
    // Files read by path, never imported: the Litestream binary, the Sarabun font files at build
    // time, and libheif's WebAssembly build that heic-decode loads (resolved in a worker thread).
    '@flydotio/litestream',
    '@fontsource/sarabun',
    'heic-decode',
    'libheif-js',
  ],
};

export default config;
