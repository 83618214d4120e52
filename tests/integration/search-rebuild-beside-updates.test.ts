/**
 * A full search-index rebuild runs for an hour at 1M notes while updates go on. Each update ends by
 * deleting bundles its manifest does not name (older than a grace period); the shards a rebuild has
 * finished are named by no manifest yet. At 1M notes that deleted 83 of 101 finished shards, and the
 * rebuild then switched to a manifest naming missing bundles. Here the clean-up runs with no grace
 * at all in the middle of a rebuild.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { readManifest, recordBundlesBeingBuilt, removeUnusedBundles } from '../../src/lib/server/search-index/store.ts';
import { createSearchTestDb, insertNote, insertUser, type SearchTestDb } from '../helpers/search-db.ts';

let t: SearchTestDb;
beforeEach(() => {
  t = createSearchTestDb();
});
afterEach(async () => {
  await closePagefind();
  t.close();
});

const bundlesOnDisk = () => readdirSync(join(t.indexDir, 'bundles')).filter((name) => !name.startsWith('.'));

describe('a full rebuild beside updates', () => {
  it('keeps the shards it has built from other writers’ clean-up, and switches to bundles that all exist', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    for (let i = 1; i <= 8; i++) insertNote(t.db, { authorId, title: `บันทึกที่ ${i}`, body: `เนื้อหาเรื่องที่${i} ชุมชนword${i}` });
    await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: 2 }); // the index being served
    const served = readManifest(t.indexDir);

    let cleanUps = 0;
    const { manifest } = await refreshSearchIndex(t.db, t.indexDir, {
      rebuild: 'all',
      onProgress: (line) => {
        // After each finished shard: an update elsewhere cleans up against the manifest it wrote.
        if (!line.startsWith('shard ')) return;
        removeUnusedBundles(t.indexDir, served, 0);
        cleanUps++;
      },
    });
    expect(cleanUps).toBe(4);
    for (const shard of manifest.shards) expect(existsSync(join(t.indexDir, shard.dir)), shard.dir).toBe(true);
    const found = await (await openDiskSearch(t.indexDir)).search('ชุมชนword7');
    expect(found.hits.map((hit) => hit.id)).toContain(7);
    // Once switched, nothing is held back any more: bundles of the old index go at the next clean-up.
    removeUnusedBundles(t.indexDir, manifest, 0);
    expect(bundlesOnDisk().sort()).toEqual(
      [...manifest.shards.map((s) => s.dir), manifest.recent]
        .filter(Boolean)
        .map((d) => d!.split('/')[1])
        .sort(),
    );
  });

  it('lets a rebuild that died leave nothing protected', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    insertNote(t.db, { authorId, title: 'บันทึก', body: 'เนื้อหา' });
    const { manifest } = await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all' });
    // This process records a bundle as being built, then "dies": its record names a pid that is gone.
    recordBundlesBeingBuilt(t.indexDir, ['bundles/s9-abandoned']);
    const record = readdirSync(t.indexDir).find((name) => name.startsWith('.building-'))!;
    const { renameSync, readFileSync, writeFileSync } = await import('node:fs');
    const data = JSON.parse(readFileSync(join(t.indexDir, record), 'utf8')) as { pid: number };
    writeFileSync(join(t.indexDir, record), JSON.stringify({ ...data, pid: 2 ** 22 + 12_345 }));
    renameSync(join(t.indexDir, record), join(t.indexDir, record.replace(String(process.pid), 'gone')));
    removeUnusedBundles(t.indexDir, manifest, 0);
    expect(readdirSync(t.indexDir).filter((name) => name.startsWith('.building-'))).toEqual([]);
  });
});
