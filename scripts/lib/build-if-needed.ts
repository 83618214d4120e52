/**
 * Builds the site when dist/ is missing or older than any source, so `npm start` on a fresh clone
 * (or after a pull) always serves the current code, and a second start skips the 30 s build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package-lock.json', 'db/schema.ts', 'db/client.ts', 'scripts/lib/http'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function serverEntryPath(outDir = process.env.BANTHUEK_OUT_DIR ?? 'dist'): string {
  return join(process.cwd(), outDir, 'server', 'entry.mjs');
}

/** The bundled worker (plain JavaScript: workers run without tsx, see scripts/lib/http/worker.ts). */
export function workerPath(outDir = process.env.BANTHUEK_OUT_DIR ?? 'dist'): string {
  return join(process.cwd(), outDir, 'http', 'worker.mjs');
}

/** Bundles scripts/lib/http/worker.ts and what it imports; native modules stay external. */
export function bundleWorker(outDir?: string): void {
  // NOTE: run the bin itself: esbuild's install script replaces the JS launcher with the native binary.
  const result = spawnSync('node_modules/esbuild/bin/esbuild', ['scripts/lib/http/worker.ts', '--bundle', '--platform=node', '--format=esm',
    '--target=node20', `--outfile=${workerPath(outDir)}`, '--external:better-sqlite3', '--external:@node-rs/argon2', '--log-level=warning',
    "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bundling the server worker failed with exit code ${result.status}`);
}

/** True when the build output is missing or older than the newest source file. */
export function needsBuild(outDir?: string): boolean {
  const entry = serverEntryPath(outDir);
  if (!existsSync(entry) || !existsSync(workerPath(outDir))) return true;
  const builtAt = Math.min(statSync(entry).mtimeMs, statSync(workerPath(outDir)).mtimeMs);
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

/** Runs `astro build` when needed; throws when the build fails. */
export function buildIfNeeded(): void {
  if (!needsBuild()) return;
  console.log('กำลังสร้างเว็บไซต์ (astro build)… ครั้งแรกใช้เวลาประมาณครึ่งนาที');
  const result = spawnSync(process.execPath, ['node_modules/astro/astro.js', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`astro build failed with exit code ${result.status}`);
  bundleWorker();
}
