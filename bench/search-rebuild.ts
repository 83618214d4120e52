/**
 * npm run bench:search-rebuild  (DATA_DIR / DATABASE_PATH of a seeded site: `npm run seed -- --notes 20000`)
 * A full search-index rebuild of that site into a temporary directory, with the time each step of
 * every shard took: reading and preparing the documents (SQL, Markdown to text, Thai word marks)
 * and Pagefind (adding records, writing files). Prints notes per second at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, getDb } from '../db/client.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { refreshSearchIndex } from '../src/lib/server/search-index/refresh.ts';

const root = mkdtempSync(join(tmpdir(), 'banthuek-rebuild-'));
const startedAt = Date.now();
try {
  const { manifest } = await refreshSearchIndex(getDb(), root, {
    rebuild: 'all',
    onProgress: (message) => console.log(`${((Date.now() - startedAt) / 1000).toFixed(1)} s  ${message}`),
  });
  const notes = manifest.shards.reduce((sum, shard) => sum + shard.notes, 0);
  const seconds = (Date.now() - startedAt) / 1000;
  console.log(JSON.stringify({ notes, shards: manifest.shards.length, seconds: Number(seconds.toFixed(1)), notesPerSecond: Math.round(notes / seconds) }));
} finally {
  await closePagefind();
  closeDb();
  rmSync(root, { recursive: true, force: true });
}
