/**
 * Renders Markdown in a worker thread whose heap is capped, to measure what a render costs in
 * memory as well as time: the heap each render made the worker commit, and whether it fits at all
 * (a render that needs more than the cap ends the worker with ERR_WORKER_OUT_OF_MEMORY instead of
 * taking the test process down). One worker renders a list of cases one after another, with a full
 * garbage collection before each (the committed heap falls back to a few MB, as in a fresh worker);
 * when a case kills the worker, the cases after it go on in a fresh one. Starting a worker costs
 * ~2 s of CPU (the bundle, a cold JIT), so one start per case was most of this test's time. The
 * Markdown modules are bundled once with esbuild, because a worker thread does not get Vitest's
 * TypeScript transform.
 */
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ENTRY = fileURLToPath(new URL('../../src/lib/markdown.ts', import.meta.url));

const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const markdown = await import(workerData.bundle);
markdown.renderNoteMarkdown('warm *up* [a]\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n[a]: http://x.th');
markdown.markdownToPlainText('warm *up*', 20);
// A warm JIT before the first case, as for the later ones (~0.1 s).
for (let i = 0; i < 3; i++) markdown.renderNoteMarkdown('*ก* ' + 'ab '.repeat(7000));
for (const [name, text] of workerData.cases) {
  gc();
  const before = getHeapStatistics();
  const start = process.cpuUsage();
  let htmlChars = 0;
  let status;
  try {
    htmlChars = markdown[workerData.fn](text).length;
  } catch (error) {
    status = error.status ?? String(error);
  }
  const used = process.cpuUsage(start);
  const after = getHeapStatistics();
  parentPort.postMessage({
    name,
    htmlChars,
    status,
    cpuMs: (used.user + used.system) / 1000,
    heapGrowthMb: (Math.max(after.total_heap_size, after.used_heap_size) - before.used_heap_size) / 2 ** 20,
  });
}
`;

export interface WorkerRender {
  /** HTML characters produced (0 when the render threw). */
  htmlChars: number;
  /** The thrown error's HTTP status (a DomainError) or its text, when the render threw. */
  status?: number | string;
  cpuMs: number;
  /** Heap the render made the worker commit, beyond what it used before (MB). */
  heapGrowthMb: number;
  /** The render needed more heap than the cap, and the worker died of it. */
  outOfMemory?: boolean;
}

/** Bundles src/lib/markdown.ts and writes the worker script; returns what renderInWorker needs. */
export async function prepareMarkdownWorker(): Promise<{ bundle: string; script: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'markdown-worker-'));
  const bundle = join(dir, 'markdown.mjs');
  await build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error' });
  const script = join(dir, 'worker.mjs');
  writeFileSync(script, WORKER_SOURCE);
  return { bundle, script };
}

type Prepared = { bundle: string; script: string };
type RenderFunction = 'renderNoteMarkdown' | 'renderCommentMarkdown' | 'markdownToPlainText';

/** Renders each case with `fn` in one worker whose old generation is capped at `heapMb`, until one kills it. */
function renderUntilOutOfMemory(prepared: Prepared, fn: RenderFunction, cases: [string, string][], heapMb: number) {
  return new Promise<Map<string, WorkerRender>>((resolve, reject) => {
    const results = new Map<string, WorkerRender>();
    const worker = new Worker(prepared.script, {
      workerData: { bundle: prepared.bundle, fn, cases },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    worker.on('message', ({ name, ...result }: WorkerRender & { name: string }) => {
      results.set(name, result);
      if (results.size === cases.length) {
        resolve(results);
        void worker.terminate();
      }
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(error);
      // The case after the last one reported is the one that ran out of memory.
      results.set(cases[results.size]![0], { htmlChars: 0, cpuMs: 0, heapGrowthMb: heapMb, outOfMemory: true });
      resolve(results);
    });
  });
}

/**
 * Renders every case with `fn` in a worker whose old generation is capped at `heapMb`, one after
 * another (a case that runs out of memory is reported so; the rest go on in a fresh worker). Only
 * one render runs at a time, so the CPU time each reports is its own.
 */
export async function renderInWorker(
  prepared: Prepared,
  fn: RenderFunction,
  cases: Record<string, string>,
  heapMb: number,
): Promise<Map<string, WorkerRender>> {
  const all = new Map<string, WorkerRender>();
  let left = Object.entries(cases);
  while (left.length > 0) {
    const done = await renderUntilOutOfMemory(prepared, fn, left, heapMb);
    for (const [name, result] of done) all.set(name, result);
    left = left.filter(([name]) => !all.has(name));
  }
  return all;
}
