/**
 * One shard builder of a full search-index rebuild (src/lib/server/search-index/shard-processes.ts
 * starts one per core). Talks over IPC only: it is sent `{ shard, shardSize, root, databasePath }`,
 * builds that shard's bundle with its own Pagefind service, and answers
 * `{ type: 'placed', dir }` as soon as the bundle has its name, then `{ type: 'built', shard, entry, notes, readMs }`
 * or `{ type: 'failed', shard, error }`. It exits when the parent disconnects.
 */
import { openDatabase, type Db } from '../db/client.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { buildShard } from '../src/lib/server/search-index/refresh.ts';
import type { ShardJob, ShardReply } from '../src/lib/server/search-index/shard-processes.ts';

if (!process.send) throw new Error('scripts/search-index-shard.ts runs only as a child of a rebuild (IPC)');
const send = (reply: ShardReply) => process.send!(reply);
let db: Db | undefined;
let queue = Promise.resolve();

process.on('message', (job: ShardJob) => {
  queue = queue.then(async () => {
    try {
      db ??= openDatabase(job.databasePath);
      const built = await buildShard(db, job.root, job.shard, job.shardSize, (dir) => send({ type: 'placed', dir }));
      send({ type: 'built', shard: job.shard, ...built });
    } catch (error) {
      send({ type: 'failed', shard: job.shard, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
process.on('disconnect', () => {
  void queue.finally(async () => {
    await closePagefind();
    db?.$client.close();
    process.exit(0);
  });
});
