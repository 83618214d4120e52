/**
 * Shards of a full rebuild built in parallel child processes (scripts/search-index-shard.ts), one
 * per core: each has its own Node (SQL, Markdown to text, Thai word marks) and its own Pagefind
 * service, so a rebuild uses every core instead of one (decision 2702). The parent hands out shard
 * numbers one at a time, so a slow shard never holds up the others.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ShardEntry } from '../../search/manifest.ts';
import { fileURLToPath } from 'node:url';

/** The shard builder: bundled beside this code when it runs bundled (scripts/lib/bundle-process-scripts.ts), else the source under tsx. */
const SHARD_SCRIPT =
  process.env.BANTHUEK_BUNDLED === '1'
    ? { path: fileURLToPath(new URL('./search-index-shard.mjs', import.meta.url)), execArgv: [] }
    : { path: join(process.cwd(), 'scripts', 'search-index-shard.ts'), execArgv: ['--import', 'tsx'] };

export interface ShardJob {
  shard: number;
  shardSize: number;
  root: string;
  databasePath: string;
}

export type ShardReply =
  | { type: 'placed'; dir: string }
  | { type: 'built'; shard: number; entry?: ShardEntry; notes: number; readMs: number }
  | { type: 'failed'; shard: number; error: string };

export interface ShardBuilt {
  shard: number;
  entry?: ShardEntry;
  notes: number;
  readMs: number;
}

/**
 * Builds `shards` in `processes` children; `onPlaced` is told each bundle's name as soon as it has
 * one, `onBuilt` each finished shard (in the order they finish). Rejects on the first failure, with
 * every child stopped.
 */
export async function buildShardsInProcesses(
  shards: number[],
  job: Omit<ShardJob, 'shard'>,
  processes: number,
  onPlaced: (dir: string) => void,
  onBuilt: (built: ShardBuilt) => void,
): Promise<void> {
  const queue = [...shards];
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  const runChild = () =>
    new Promise<void>((resolve, reject) => {
      const child = fork(SHARD_SCRIPT.path, [], {
        execArgv: SHARD_SCRIPT.execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      let current: number | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) {
          child.disconnect(); // it closes its Pagefind service and exits
          return;
        }
        child.send({ ...job, shard: current } satisfies ShardJob);
      };
      child.on('message', (reply: ShardReply) => {
        if (reply.type === 'placed') onPlaced(reply.dir);
        else if (reply.type === 'built') {
          onBuilt(reply);
          next();
        } else reject(new Error(`search index shard s${reply.shard} failed in a child process:\n${reply.error}`));
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (current === undefined && code === 0) resolve();
        else reject(new Error(`a search index shard process exited (${signal ?? code}) while building s${current}`));
      });
      next();
    });
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(processes, shards.length)) }, runChild));
  } finally {
    stopAll();
  }
}
