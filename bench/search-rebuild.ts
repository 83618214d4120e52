/**
 * npm run bench:search-rebuild  (DATA_DIR / DATABASE_PATH of a seeded site: `npm run seed -- --notes 20000`)
 * A full search-index rebuild of that site into a temporary directory, with the time each step of
 * every shard took: reading and preparing the documents (SQL, Markdown to text, Thai word marks)
 * and Pagefind (adding records, writing files). Prints notes per second at the end, and the CPU
 * seconds spent by this process and by its children (shard processes, Pagefind's services; on a shared box the wall time
 * swings with the load; CPU seconds per note do not, and bound what an idle box can do).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, getDb } from '../db/client.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { refreshSearchIndex } from '../src/lib/server/search-index/refresh.ts';

/** CPU seconds (user + system) of this process's child processes still running: Pagefind's service. */
function childCpuSeconds(): number {
  const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0);
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the ps process itself, already gone
    }
  }
  return ticks / ticksPerSecond;
}

/** `--processes N`: shard processes (default one per core, as `npm run index`; 1 = in this process). */
const PROCESSES = process.argv.includes('--processes')
  ? Number(process.argv[process.argv.indexOf('--processes') + 1])
  : availableParallelism();
const root = mkdtempSync(join(tmpdir(), 'banthuek-rebuild-'));
const startedAt = Date.now();
try {
  const { manifest } = await refreshSearchIndex(getDb(), root, {
    rebuild: 'all',
    processes: PROCESSES,
    onProgress: (message) => console.log(`${((Date.now() - startedAt) / 1000).toFixed(1)} s  ${message}`),
  });
  const notes = manifest.shards.reduce((sum, shard) => sum + shard.notes, 0);
  const seconds = (Date.now() - startedAt) / 1000;
  const cpu = process.cpuUsage();
  const ownCpu = (cpu.user + cpu.system) / 1e6;
  // Shard processes (and their Pagefind services) have exited: the kernel counts them as waited-for children.
  const waited = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const pagefindCpu = childCpuSeconds() + (Number(waited[13]) + Number(waited[14])) / 100;
  console.log(
    JSON.stringify({
      notes,
      shards: manifest.shards.length,
      seconds: Number(seconds.toFixed(1)),
      notesPerSecond: Math.round(notes / seconds),
      processes: PROCESSES,
      cpuSeconds: { ours: Number(ownCpu.toFixed(1)), children: Number(pagefindCpu.toFixed(1)) },
      cpuMsPerNote: Number((((ownCpu + pagefindCpu) * 1000) / notes).toFixed(1)),
    }),
  );
} finally {
  await closePagefind();
  closeDb();
  rmSync(root, { recursive: true, force: true });
}
