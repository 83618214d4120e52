/**
 * A full rebuild builds its shards in child processes, one per core (decision 2702), and a rebuild
 * that is killed half-way resumes from the shards it finished: started again, it builds only the
 * rest, and the index it switches to is the one an uninterrupted rebuild makes (bundle names are
 * hashes of their bytes, so equal names are equal files).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { readManifest } from '../../src/lib/server/search-index/store.ts';
import { createSearchTestDb, insertNote, insertUser, type SearchTestDb } from '../helpers/search-db.ts';

let t: SearchTestDb;
beforeEach(() => {
  t = createSearchTestDb();
});
afterEach(async () => {
  await closePagefind();
  t.close();
});

const SHARD_SIZE = 2;
const NOTES = 12; // 6 shards

/** `npm run index` on the test database; resolves with its stderr once it exits (or is killed). */
function runIndex(indexDir: string, killAfterShards?: number): Promise<{ log: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts'], {
    env: { ...process.env, DATABASE_PATH: t.databasePath, SEARCH_INDEX_DIR: indexDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: killing it kills its shard processes and their Pagefind too
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    const finished = log.match(/\] shard \d+\//g)?.length ?? 0;
    if (killAfterShards !== undefined && finished >= killAfterShards && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ log, code })));
}

describe('a full rebuild in shard processes', () => {
  it('resumes after being killed, builds only the shards it had not finished, and ends with the same index', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    for (let i = 1; i <= NOTES; i++) insertNote(t.db, { authorId, title: `บันทึกที่ ${i}`, body: `เนื้อหาเรื่องที่${i} ชุมชนword${i}` });
    // Written a minute ago: a rebuild puts notes changed just before it started in the recent bundle instead.
    t.db.$client.exec('UPDATE notes SET updated_at = updated_at - 60000, published_at = published_at - 60000');
    t.db.$client.exec('UPDATE users SET updated_at = updated_at - 60000');
    // The index's shard size is set by its first build; the rebuilds below keep it.
    await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: SHARD_SIZE });
    const uninterrupted = await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', processes: 2 });
    expect(uninterrupted.manifest.shards.map((s) => s.notes)).toEqual(Array(NOTES / SHARD_SIZE).fill(SHARD_SIZE));
    expect(uninterrupted.manifest.recentIds).toEqual([]);

    // Killed (with its shard processes) once two shards are finished: the manifest is not switched.
    const before = readManifest(t.indexDir);
    const killed = await runIndex(t.indexDir, 2);
    expect(killed.code).toBeNull();
    expect(readManifest(t.indexDir)).toEqual(before);
    const progress = readdirSync(t.indexDir).filter((name) => name.startsWith('.rebuild-progress'));
    expect(progress).toEqual(['.rebuild-progress.json']);

    const resumed = await runIndex(t.indexDir);
    expect(resumed.code, resumed.log).toBe(0);
    const skipped = Number(/resuming: (\d+) of 6 shards/.exec(resumed.log)?.[1]);
    expect(skipped, resumed.log).toBeGreaterThanOrEqual(2);
    // Only the rest were built this time.
    expect(resumed.log.match(/\] shard \d+\/6/g)?.length).toBe(6 - skipped);
    const manifest = readManifest(t.indexDir);
    expect(manifest.shards.map((s) => [s.shard, s.dir, s.notes])).toEqual(
      uninterrupted.manifest.shards.map((s) => [s.shard, s.dir, s.notes]),
    );
    for (const shard of manifest.shards) expect(existsSync(join(t.indexDir, shard.dir))).toBe(true);
    expect(readdirSync(t.indexDir).filter((name) => name.startsWith('.rebuild-progress'))).toEqual([]);
    const found = await (await openDiskSearch(t.indexDir)).search('ชุมชนword11');
    expect(found.hits.map((hit) => hit.id)).toContain(11);
  }, 180_000);
});
