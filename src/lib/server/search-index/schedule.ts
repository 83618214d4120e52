/**
 * Keeps the search index fresh from the running server without doing index work in it: after a
 * write, a child process (`scripts/search-index.ts --update`) folds the change in, typically in a
 * second or two. Calls are debounced and never block: at most one update and one compaction run.
 */
import { spawn } from 'node:child_process';
import { onContentChange } from '../content-events.ts';

/** Writes arriving within this window share one update. */
const DEBOUNCE_MS = 200;
/** A safety net: changes made behind the server's back (scripts, SQL) are picked up this often. */
const POLL_MS = 5 * 60 * 1000;

let timer: NodeJS.Timeout | undefined;
let updating = false;
/** A change arrived while an update ran: run another one when it ends. */
let rerun = false;
let compacting = false;
const pendingIds = new Set<number>();

function runIndexer(args: string[], onDone: (output: string) => void): void {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('error', (error) => console.error(JSON.stringify({ level: 'error', msg: 'search indexer failed to start', args, error: String(error) })));
  child.on('close', (code) => {
    if (code !== 0) console.error(JSON.stringify({ level: 'error', msg: 'search indexer failed', args, code, output: output.slice(-2000) }));
    onDone(output);
  });
}

function compactionCandidates(output: string): number[] {
  try {
    return (JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { compactionCandidates?: number[] }).compactionCandidates ?? [];
  } catch {
    return [];
  }
}

function runUpdate(): void {
  timer = undefined;
  updating = true;
  rerun = false;
  const ids = [...pendingIds];
  pendingIds.clear();
  runIndexer(['--update', ...(ids.length ? ['--ids', ids.join(',')] : [])], (output) => {
    updating = false;
    const shards = compactionCandidates(output);
    if (shards.length && !compacting) {
      compacting = true;
      runIndexer(['--compact', shards.join(',')], () => (compacting = false));
    }
    if (rerun || pendingIds.size) scheduleSearchUpdate();
  });
}

/** Asks for the index to reflect a note's latest state (published, edited, deleted, hidden, commented) soon. */
export function scheduleSearchUpdate(noteId?: number): void {
  if (noteId !== undefined) pendingIds.add(noteId);
  if (updating) {
    rerun = true;
    return;
  }
  timer ??= setTimeout(runUpdate, DEBOUNCE_MS);
}

let started = false;

/** Subscribes the index to content changes, catches up once at start, then polls. Safe to call twice. */
export function startSearchIndexUpdates(): void {
  if (started || process.env.SEARCH_INDEX_UPDATES === '0') return;
  started = true;
  onContentChange((change) => {
    if (change.type !== 'user') scheduleSearchUpdate(change.noteId);
    else scheduleSearchUpdate();
  });
  scheduleSearchUpdate();
  setInterval(() => scheduleSearchUpdate(), POLL_MS).unref();
}
