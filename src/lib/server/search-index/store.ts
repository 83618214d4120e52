/**
 * Where the search index lives on disk and how it changes without readers ever seeing half of it:
 * Pagefind bundles are written once under bundles/ and never modified; manifest.json names the
 * bundles in use and is replaced by an atomic rename. A lock directory serialises writers.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { emptyManifest, MANIFEST_FILE, type SearchManifest, type ShardEntry } from '../../search/manifest.ts';

const BUNDLES = 'bundles';
const LOCK = '.lock';
/** A lock older than this was left by a crashed writer. */
const LOCK_STALE_MS = 5 * 60 * 1000;
const LOCK_POLL_MS = 100;
const LOCK_WAIT_MS = 10 * 60 * 1000;
/** Browsers holding an older manifest may still fetch its bundles for a while. */
const BUNDLE_GRACE_MS = 10 * 60 * 1000;

/** The index root: SEARCH_INDEX_DIR, else <data dir>/search-index (data-dir.ts). */
export { resolveSearchIndexDir } from '../data-dir.ts';

/** The manifest in use, or an empty one before the first build. */
export function readManifest(root: string): SearchManifest {
  const path = join(root, MANIFEST_FILE);
  if (!existsSync(path)) return emptyManifest();
  return JSON.parse(readFileSync(path, 'utf8')) as SearchManifest;
}

/** Replaces the manifest atomically (write aside, then rename over). */
export function writeManifest(root: string, manifest: SearchManifest): void {
  const path = join(root, MANIFEST_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(manifest));
  renameSync(temporary, path);
}

/** Where a bundle is written before it is named (relative to the root; never served: dot and .tmp). */
export function temporaryBundleDir(segment: string): string {
  return `${BUNDLES}/.${segment}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`;
}

/**
 * A bundle's directory, named by its content (a hash of every file's path and bytes), so a name
 * never stands for other bytes and any CDN may keep `/search-index/bundles/*` forever.
 */
export function bundleDirFor(segment: string, contentHash: string): string {
  return `${BUNDLES}/${segment}-${contentHash}`;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const LOCK_OWNER = 'owner';

/** A lock is stale when its writer (pid on this host) is gone, or when it is older than LOCK_STALE_MS. */
function isStaleLock(lock: string): boolean {
  const stats = statSync(lock, { throwIfNoEntry: false });
  if (!stats) return false; // released meanwhile
  if (Date.now() - stats.mtimeMs > LOCK_STALE_MS) return true;
  let owner: { pid?: number; host?: string };
  try {
    owner = JSON.parse(readFileSync(join(lock, LOCK_OWNER), 'utf8')) as { pid?: number; host?: string };
  } catch {
    return false; // being created right now, or an old-style lock: the age rule applies
  }
  if (owner.host !== hostname() || !Number.isInteger(owner.pid)) return false;
  try {
    process.kill(owner.pid!, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `work` while holding the writer lock (a directory: mkdir is atomic across processes); waits
 * for another writer to finish first. A lock left by a crashed writer is taken over.
 */
export async function withIndexLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(root, { recursive: true });
  const lock = join(root, LOCK);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, LOCK_OWNER), JSON.stringify({ pid: process.pid, host: hostname() }));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStaleLock(lock)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for the search index lock');
      await sleep(LOCK_POLL_MS);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A full rebuild's finished shards (RebuildProgress below). */
const REBUILD_PROGRESS = '.rebuild-progress.json';
/** How long a crashed full rebuild's finished shards are kept for it to resume from. */
const REBUILD_RESUMABLE_MS = 24 * 60 * 60 * 1000;

/** Lists of bundles a rebuild has built and not yet named in the manifest, one file per writer process. */
const BUILDING_PREFIX = '.building-';

function isLiveProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Records the bundles this process has built for a manifest it has not written yet. A rebuild at 1M
 * notes runs for an hour while updates go on; without this, an update's removeUnusedBundles deleted
 * every shard the rebuild had finished more than the grace period ago (83 of 101 at 1M notes), and
 * the new manifest named missing bundles. Call with an empty list when the manifest is written.
 */
export function recordBundlesBeingBuilt(root: string, dirs: string[]): void {
  const file = join(root, `${BUILDING_PREFIX}${hostname()}-${process.pid}.json`);
  if (dirs.length === 0) rmSync(file, { force: true });
  else {
    // Written aside and renamed: a clean-up reading it half-written would protect nothing.
    writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, host: hostname(), dirs }));
    renameSync(`${file}.tmp`, file);
  }
}

/** Bundles that rebuilds still running (on this host; elsewhere: recorded within the grace period) have built. */
function bundlesBeingBuilt(root: string, graceMs: number): string[] {
  const dirs: string[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(BUILDING_PREFIX) || !name.endsWith('.json')) continue;
    const file = join(root, name);
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; host: string; dirs: string[] };
      const live = record.host === hostname() ? isLiveProcess(record.pid) : Date.now() - statSync(file).mtimeMs <= graceMs;
      if (live) dirs.push(...record.dirs);
      else rmSync(file, { force: true }); // left by a rebuild that died: its bundles go with the rest
    } catch {
      // being written right now: it is read again by the next clean-up
    }
  }
  // A full rebuild's finished shards stay until it resumes (after a crash) or REBUILD_RESUMABLE_MS passes.
  const progress = join(root, REBUILD_PROGRESS);
  const age = Date.now() - (statSync(progress, { throwIfNoEntry: false })?.mtimeMs ?? -Infinity);
  if (age <= REBUILD_RESUMABLE_MS) dirs.push(...(readRebuildProgress(root)?.shards.map((entry) => entry.dir) ?? []));
  return dirs;
}

/**
 * Deletes bundles the manifest no longer names once they are older than the grace period, except
 * those a rebuild still running has built for its coming manifest.
 */
export function removeUnusedBundles(root: string, manifest: SearchManifest, graceMs = BUNDLE_GRACE_MS): void {
  const inUse = new Set([
    ...manifest.shards.map((shard) => shard.dir),
    manifest.recent,
    manifest.assets,
    ...bundlesBeingBuilt(root, graceMs),
  ]);
  const dir = join(root, BUNDLES);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const relative = `${BUNDLES}/${name}`;
    if (inUse.has(relative)) continue;
    if (Date.now() - statSync(join(dir, name)).mtimeMs > graceMs) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** A full rebuild's finished shards, so a crashed one resumes from them (refresh.ts, decision 2702). */
export interface RebuildProgress {
  /** When the first attempt started: notes changed since then go to the recent bundle. */
  startedAt: number;
  shardSize: number;
  format: number;
  /** Finished shards, bundles written. */
  shards: ShardEntry[];
  /** Shards found to have no public note. */
  empty: number[];
}

export function readRebuildProgress(root: string): RebuildProgress | undefined {
  try {
    return JSON.parse(readFileSync(join(root, REBUILD_PROGRESS), 'utf8')) as RebuildProgress;
  } catch {
    return undefined;
  }
}

/** Written aside and renamed: a crash mid-write leaves the previous record, never half of one. */
export function writeRebuildProgress(root: string, progress: RebuildProgress): void {
  mkdirSync(root, { recursive: true });
  const path = join(root, REBUILD_PROGRESS);
  writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(progress));
  renameSync(`${path}.${process.pid}.tmp`, path);
}

export function clearRebuildProgress(root: string): void {
  rmSync(join(root, REBUILD_PROGRESS), { force: true });
}
