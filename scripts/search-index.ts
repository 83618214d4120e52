/**
 * npm run index                      rebuild the whole search index, showing progress: shards are built in
 *                                    one child process per core; a rebuild that was killed resumes from
 *                                    the shards it finished
 * npm run index -- --update [--ids 1,2]   fold recent changes into the index (what the server runs after a write)
 * npm run index -- --compact 3,4     rebuild these shards (what the server runs when the recent bundle grows)
 *
 * Prints one JSON line at the end: { recent, shards, compactionCandidates, truncated, ms }. Before
 * making a note's record in an update it prints `[search-index] note <id>: preparing …` to stderr,
 * so a failed or killed update names the note it was on (schedule.ts logs it).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { getDb, closeDb } from '../db/client.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { refreshSearchIndex } from '../src/lib/server/search-index/refresh.ts';
import { resolveSearchIndexDir } from '../src/lib/server/search-index/store.ts';

const { values } = parseArgs({ options: { update: { type: 'boolean' }, ids: { type: 'string' }, compact: { type: 'string' } } });
const numbers = (list: string | undefined) => (list ? list.split(',').map(Number).filter(Number.isInteger) : undefined);

const startedAt = Date.now();
const root = resolveSearchIndexDir();
const quiet = values.update;
try {
  const { manifest, compactionCandidates, truncated } = await refreshSearchIndex(getDb(), root, {
    rebuild: values.update ? undefined : values.compact ? numbers(values.compact) : 'all',
    noteIds: numbers(values.ids),
    // Whole rebuilds and compactions use every core: shards in parallel child processes (decision 2702).
    processes: values.update ? 1 : availableParallelism(),
    onProgress: quiet
      ? undefined
      : (message) => console.error(`[search-index] ${message} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`),
    onPrepare: (noteId, chars) => console.error(`[search-index] note ${noteId}: preparing (${chars} characters of Markdown)`),
    onTruncated: (noteId, { indexedChars, reason }) =>
      console.error(`[search-index] note ${noteId}: indexed text cut at ${indexedChars} characters (${reason})`),
  });
  const notes = manifest.shards.reduce((sum, shard) => sum + shard.notes, 0);
  console.log(
    JSON.stringify({
      recent: manifest.recentIds.length,
      shards: manifest.shards.length,
      notes,
      compactionCandidates,
      truncated,
      ms: Date.now() - startedAt,
    }),
  );
} finally {
  await closePagefind();
  closeDb();
}
