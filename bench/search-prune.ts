/**
 * npm run bench:search-prune [-- --notes 10000]
 * Prints: the time to build one shard of `notes` generated notes with Pagefind (what a shard
 * rebuild costs), and the time to take 1, 10 and 100 notes out of it with pruneBundle (what a
 * hide, delete or edit costs the index update instead; decision 0003, "Removal").
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closePagefind, writeBundle } from '../src/lib/server/search-index/bundle.ts';
import type { SearchDocument } from '../src/lib/server/search-index/documents.ts';
import { pruneBundle } from '../src/lib/server/search-index/prune.ts';
import { markThaiWordBoundaries } from '../src/lib/server/search-index/segment.ts';
import { createRandom, generateNote } from './generate-notes.ts';

const { values } = parseArgs({
  options: { notes: { type: 'string', default: '10000' }, removed: { type: 'string', default: '1,10,100' } },
});
const count = Number(values.notes);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const random = createRandom(42);
const documents: SearchDocument[] = Array.from({ length: count }, (_, index) => {
  const id = index + 1;
  const { title, body } = generateNote(random);
  return {
    id,
    url: `/notes/${id}`,
    content: markThaiWordBoundaries(`${title}\n${body}`),
    meta: { id: String(id), title, author: `ผู้เขียน ${id % 200}`, date: String(id), kind: 'note', tags: '' },
    filters: { kind: ['note'], author: [`user${id % 200}`] },
  };
});

const root = mkdtempSync(join(tmpdir(), 'banthuek-prune-'));
// The built shard is kept in bench/.data (a build takes minutes on a busy box) and reused.
const kept = join('bench', '.data', `prune-shard-${count}`);
try {
  let startedAt = Date.now();
  let shard = 'bundles/s0-kept';
  if (existsSync(kept)) cpSync(kept, join(root, shard), { recursive: true });
  else {
    shard = await writeBundle(root, 's0', '0', documents);
    console.log(`build one shard of ${count} notes: ${seconds(Date.now() - startedAt)}`);
    mkdirSync(join('bench', '.data'), { recursive: true });
    cpSync(join(root, shard), kept, { recursive: true });
  }
  for (const removed of values.removed!.split(',').map(Number)) {
    const ids = Array.from({ length: removed }, (_, index) => 1 + Math.floor((index * count) / removed));
    startedAt = Date.now();
    const { dir } = pruneBundle(root, shard, 's0', ids);
    console.log(`take ${removed} notes out (first prune, fragments read): ${seconds(Date.now() - startedAt)}`);
    startedAt = Date.now();
    pruneBundle(root, dir, 's0', [count]);
    console.log(`  then 1 more (page ids from the sidecar): ${seconds(Date.now() - startedAt)}`);
  }
} finally {
  await closePagefind();
  rmSync(root, { recursive: true, force: true });
}
