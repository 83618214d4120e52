/**
 * Keeps the search index fresh from the running server without doing index work in it: after a
 * write, a child process (`scripts/search-index.ts --update`) folds the change in, typically in a
 * second or two. Calls are debounced and never block: at most one update and one compaction run.
 *
 * In a cluster (`npm start`, WORKERS processes) only the primary runs updates, so they are
 * single-flight across processes: workers forward their content events' note ids to it over the
 * cluster IPC channel, and the primary builds a missing index / catches up at start and polls.
 * Without a cluster (astro dev/preview) the server process does it all itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { onContentChange } from '../content-events.ts';
import { getConfig } from '../config.ts';
import { DOCUMENT_FORMAT } from '../../search/manifest.ts';
import { noteBeingPrepared, resultOf } from './indexer-output.ts';
import { readManifest, resolveSearchIndexDir } from './store.ts';

/** Writes arriving within this window share one update. */
const DEBOUNCE_MS = 200;
/** A safety net: changes made behind the server's back (scripts, SQL) are picked up this often. */
const POLL_MS = 5 * 60 * 1000;

/** An update normally takes a second or two; one running this long is killed and retried. */
const UPDATE_TIMEOUT_MS = 2 * 60 * 1000;

let timer: NodeJS.Timeout | undefined;
let updating = false;
/** A change arrived while an update ran: run another one when it ends. */
let rerun = false;
let compacting = false;
const pendingIds = new Set<number>();

const running = new Set<ChildProcess>();

/**
 * The indexer child's command: the bundle beside this one when the primary runs bundled
 * (`<outDir>/scripts/start.mjs`, see scripts/lib/bundle-process-scripts.ts), else the source under tsx.
 */
const INDEXER_COMMAND =
  process.env.BANTHUEK_BUNDLED === '1'
    ? [fileURLToPath(new URL('./search-index.mjs', import.meta.url))]
    : ['--import', 'tsx', 'scripts/search-index.ts'];

function runIndexer(args: string[], onDone: (output: string) => void): void {
  const child = spawn(process.execPath, [...INDEXER_COMMAND, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // A hung update (seen: a Pagefind service that never answered) would stop every later one.
  const watchdog = args[0] === '--update' ? setTimeout(() => child.kill('SIGKILL'), UPDATE_TIMEOUT_MS).unref() : undefined;
  child.once('exit', () => {
    running.delete(child);
    clearTimeout(watchdog);
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A rebuild's progress ("shard 12/101 …") goes to the log as it comes: at 1M notes it runs for an hour.
  const showProgress = args[0] !== '--update';
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!showProgress) return;
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const progress = /^\[search-index\] (.*)$/.exec(line)?.[1];
      if (progress) console.log(JSON.stringify({ level: 'info', msg: 'search index rebuild', args, progress }));
    }
  });
  child.on('error', (error) =>
    console.error(JSON.stringify({ level: 'error', msg: 'search indexer failed to start', args, error: String(error) })),
  );
  child.on('close', (code, signal) => {
    if (stopping) return;
    if (code !== 0) {
      const noteId = noteBeingPrepared(output);
      console.error(
        JSON.stringify({
          level: 'error',
          msg: signal === 'SIGKILL' && watchdog ? 'search index update killed by the watchdog' : 'search indexer failed',
          args,
          code,
          signal,
          ...(noteId !== undefined ? { noteId } : {}),
          output: output.slice(-2000),
        }),
      );
    }
    const truncated = resultOf(output).truncated ?? [];
    if (truncated.length)
      console.log(JSON.stringify({ level: 'warn', msg: 'search index: text of long notes cut (decision 2102)', noteIds: truncated }));
    onDone(output);
  });
}

function runUpdate(): void {
  timer = undefined;
  updating = true;
  rerun = false;
  const ids = [...pendingIds];
  pendingIds.clear();
  runIndexer(['--update', ...(ids.length ? ['--ids', ids.join(',')] : [])], (output) => {
    updating = false;
    const shards = resultOf(output).compactionCandidates ?? [];
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

/** What a worker sends the primary after a content change (no note id: rescan by timestamps). */
interface SearchUpdateMessage {
  type: 'banthuek:search-update';
  noteId?: number;
}

const isSearchUpdateMessage = (message: unknown): message is SearchUpdateMessage =>
  typeof message === 'object' && message !== null && (message as SearchUpdateMessage).type === 'banthuek:search-update';

let started = false;
let stopping = false;

/**
 * Stops the indexer children (the server is shutting down) and resolves when they have exited.
 * Safe at any point: bundles and the manifest are written aside and renamed, and a lock left by
 * a killed child is taken over by the next writer.
 */
export async function stopSearchIndexUpdates(): Promise<void> {
  stopping = true;
  if (timer) clearTimeout(timer);
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/**
 * Catches up once now (a full build when there is no index yet), then polls. An index written in
 * an older DOCUMENT_FORMAT is rebuilt whole by a separate child meanwhile; updates keep running
 * on the old one until the rebuild switches the manifest.
 */
function startUpdating(): void {
  scheduleSearchUpdate();
  let existing;
  try {
    existing = readManifest(resolveSearchIndexDir());
  } catch {
    existing = undefined; // unreadable: the update above rebuilds nothing; `npm run index` does
  }
  if (existing && existing.syncedAt !== 0 && (existing.format ?? 1) !== DOCUMENT_FORMAT && !compacting) {
    compacting = true;
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'search index format is old; rebuilding it in the background',
        from: existing.format ?? 1,
        to: DOCUMENT_FORMAT,
      }),
    );
    runIndexer([], () => (compacting = false));
  }
  setInterval(() => scheduleSearchUpdate(), POLL_MS).unref();
}

/**
 * Called by every server process (middleware). A cluster worker only forwards its content events to
 * the primary (see `startPrimarySearchIndexer`); a lone server process updates the index itself.
 * Safe to call twice.
 */
export function startSearchIndexUpdates(): void {
  if (started || !getConfig().searchIndexUpdates) return;
  started = true;
  const noteIdOf = (change: Parameters<Parameters<typeof onContentChange>[0]>[0]) =>
    change.type === 'user' || change.type === 'asset' ? undefined : change.noteId;
  if (cluster.isWorker && process.send) {
    onContentChange((change) => {
      const message: SearchUpdateMessage = { type: 'banthuek:search-update', noteId: noteIdOf(change) };
      process.send!(message);
    });
    return;
  }
  onContentChange((change) => scheduleSearchUpdate(noteIdOf(change)));
  startUpdating();
}

/**
 * The cluster primary's side: the one process that runs index updates. Call once, after forking;
 * it does not wait for the first update (the site serves the previous index meanwhile).
 */
export function startPrimarySearchIndexer(): void {
  if (started || !getConfig().searchIndexUpdates) return;
  started = true;
  cluster.on('message', (_worker, message: unknown) => {
    if (isSearchUpdateMessage(message)) scheduleSearchUpdate(Number.isInteger(message.noteId) ? message.noteId : undefined);
  });
  startUpdating();
}
