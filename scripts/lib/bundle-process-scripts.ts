/**
 * The long-running processes' own entry points (`scripts/start.ts`, the cluster primary, and
 * `scripts/search-index.ts`, the indexer child it spawns after writes, and the rebuild's shard builders
 * `scripts/search-index-shard.ts`) bundled into plain ESM under
 * `<outDir>/scripts/`. Run under tsx, each start resolved and transformed some 600 modules through
 * the loader thread: 5–7 s of CPU for the primary and 1 s per index update, measured 2026-12-08;
 * bundled, 1.7 s and a fraction of a second. Packages stay in node_modules (native addons, Pagefind's
 * binary); only our TypeScript is bundled.
 */
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { newestMtime } from './newest-mtime.ts';
import { join, relative, sep } from 'node:path';

const PROCESS_SCRIPTS = ['start', 'search-index', 'search-index-shard'] as const;
/** What the bundles are made from: any change here makes them stale. */
const BUNDLE_SOURCES = ['src', 'db', 'scripts', 'package-lock.json'];

export function processScriptPath(name: (typeof PROCESS_SCRIPTS)[number], outDir: string): string {
  return join(process.cwd(), outDir, 'scripts', `${name}.mjs`);
}

/** db/migrate.ts finds its migrations next to itself (`new URL('./migrations', import.meta.url)`); from the bundle they are elsewhere. */
const MIGRATIONS_URL = 'new URL("./migrations", import.meta.url)';

/** Bundles the process scripts when a bundle is missing or older than any source; returns whether it did. */
export function bundleProcessScriptsIfNeeded(outDir: string): boolean {
  const outScriptsDir = join(process.cwd(), outDir, 'scripts');
  const paths = PROCESS_SCRIPTS.map((name) => processScriptPath(name, outDir));
  const built = Math.min(...paths.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)));
  if (built > 0 && !BUNDLE_SOURCES.some((source) => newestMtime(source) > built)) return false;
  const result = buildSync({
    entryPoints: PROCESS_SCRIPTS.map((name) => join('scripts', `${name}.ts`)),
    outdir: outScriptsDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // The primary spawns the indexer from its own directory (search-index/schedule.ts).
    define: { 'process.env.BANTHUEK_BUNDLED': '"1"' },
    write: false,
    logLevel: 'warning',
  });
  const migrations = `new URL(${JSON.stringify(
    relative(outScriptsDir, join(process.cwd(), 'db', 'migrations'))
      .split(sep)
      .join('/'),
  )}, import.meta.url)`;
  mkdirSync(outScriptsDir, { recursive: true });
  for (const file of result.outputFiles) {
    if (file.path === paths[0] && !file.text.includes(MIGRATIONS_URL)) {
      throw new Error('db/migrate.ts no longer finds its migrations as bundle-process-scripts.ts expects: update MIGRATIONS_URL');
    }
    writeFileSync(file.path, file.text.split(MIGRATIONS_URL).join(migrations));
  }
  return true;
}
