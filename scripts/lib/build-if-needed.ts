/**
 * Builds the site when dist/ is missing or older than any source, so `npm start` on a fresh clone
 * (or after a pull) always serves the current code, and a second start skips the 30 s build.
 */
import { existsSync, statSync } from 'node:fs';
import { newestMtime } from './newest-mtime.ts';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { getConfig } from '../../src/lib/server/config.ts';
import { bundleProcessScriptsIfNeeded } from './bundle-process-scripts.ts';

const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package-lock.json', 'db/schema.ts', 'db/client.ts'];

/** The built server (Astro's bundle of every page and src/server/entry.ts), run by each worker. */
export function serverEntryPath(outDir = getConfig().outDir): string {
  return join(process.cwd(), outDir, 'server', 'entry.mjs');
}

/** True when the build output is missing or older than the newest source file. */
function needsBuild(outDir?: string): boolean {
  const entry = serverEntryPath(outDir);
  if (!existsSync(entry)) return true;
  const builtAt = statSync(entry).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

/** Runs `astro build` and bundles the process scripts when needed; throws when the build fails. */
export function buildIfNeeded(): void {
  if (needsBuild()) {
    console.log('กำลังสร้างเว็บไซต์ (astro build)… ครั้งแรกใช้เวลาประมาณครึ่งนาที');
    const result = spawnSync(process.execPath, ['node_modules/astro/astro.js', 'build'], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`astro build failed with exit code ${result.status}`);
  }
  bundleProcessScriptsIfNeeded(getConfig().outDir);
}
