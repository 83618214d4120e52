/**
 * Renders Markdown in a fresh worker thread whose heap is capped, to measure what a render costs in
 * memory as well as time: the worker's heap growth during the render, and whether it fits at all
 * (a render that needs more than the cap ends the worker with ERR_WORKER_OUT_OF_MEMORY instead of
 * taking the test process down). The Markdown modules are bundled once with esbuild, because a
 * worker thread does not get Vitest's TypeScript transform.
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
import { getHeapStatistics } from 'node:v8';
const markdown = await import(workerData.bundle);
markdown.renderNoteMarkdown('warm *up* [a]\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n[a]: http://x.th');
markdown.markdownToPlainText('warm *up*', 20);
const before = getHeapStatistics();
const start = process.cpuUsage();
let htmlChars = 0;
let status;
try {
  htmlChars = markdown[workerData.fn](workerData.markdown).length;
} catch (error) {
  status = error.status ?? String(error);
}
const used = process.cpuUsage(start);
const after = getHeapStatistics();
parentPort.postMessage({
  htmlChars,
  status,
  cpuMs: (used.user + used.system) / 1000,
  heapGrowthMb: (Math.max(after.total_heap_size, after.used_heap_size) - before.used_heap_size) / 2 ** 20,
});
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

/** Renders `markdown` with `fn` in a fresh worker whose old generation is capped at `heapMb`. */
export function renderInWorker(
  prepared: { bundle: string; script: string },
  fn: 'renderNoteMarkdown' | 'renderCommentMarkdown' | 'markdownToPlainText',
  markdown: string,
  heapMb: number,
): Promise<WorkerRender> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(prepared.script, {
      workerData: { bundle: prepared.bundle, fn, markdown },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    worker.once('message', (result: WorkerRender) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve({ htmlChars: 0, cpuMs: 0, heapGrowthMb: heapMb, outOfMemory: true });
      else reject(error);
    });
  });
}
