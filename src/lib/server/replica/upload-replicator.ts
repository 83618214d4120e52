/**
 * Copies uploads to the replica as they appear, in the primary process. Three ways in, one queue:
 * `replicateUpload()` from the upload code (workers send it over the cluster channel), a watch on
 * the uploads folder, and a full sweep at start and every SWEEP_MS that catches anything missed
 * (including files written while the site was down). A failed copy is retried with a growing delay.
 */
import cluster from 'node:cluster';
import { existsSync, mkdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isUploadPath, listFiles, type UploadStore } from './upload-store.ts';
import type { ReplicaError } from './replica-status.ts';
import { getConfig } from '../config.ts';

const SWEEP_MS = 60_000;
const TICK_MS = 200;
/** A file modified this recently may still be being written; wait for it to settle. */
const SETTLE_MS = 250;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;
const PARALLEL_COPIES = 4;
const MESSAGE_TYPE = 'banthuek:replica-upload';

interface Pending {
  firstSeen: number;
  due: number;
  attempts: number;
}

interface UploadMessage {
  type: typeof MESSAGE_TYPE;
  path: string;
}

let current: UploadReplicator | null = null;

/**
 * Call after an upload is written (any process): its copy to the replica starts at once instead of
 * at the next watch event or sweep. Does nothing when replication is off.
 */
export function replicateUpload(path: string): void {
  if (!getConfig().replica) return;
  if (cluster.isWorker && process.send) {
    const message: UploadMessage = { type: MESSAGE_TYPE, path };
    process.send(message);
    return;
  }
  current?.enqueue(path);
}

function isUploadMessage(message: unknown): message is UploadMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as UploadMessage).type === MESSAGE_TYPE &&
    typeof (message as UploadMessage).path === 'string'
  );
}

export class UploadReplicator {
  private readonly pending = new Map<string, Pending>();
  private readonly copied = new Set<string>();
  private readonly inFlight = new Set<string>();
  private watcher: FSWatcher | null = null;
  private timers: NodeJS.Timeout[] = [];
  lastCopiedAt: number | null = null;
  lastError: ReplicaError | null = null;

  constructor(
    private readonly uploadsDir: string,
    private readonly store: UploadStore,
  ) {}

  /** Learns what the replica already has, sweeps, then watches. Resolves once the first listing is done. */
  async start(): Promise<void> {
    current = this; // eslint-disable-line @typescript-eslint/no-this-alias -- a module-level handle, not an alias for closures
    cluster.on('message', (_worker, message: unknown) => isUploadMessage(message) && this.enqueue(message.path));
    try {
      for (const path of await this.store.list()) this.copied.add(path);
    } catch (error) {
      this.fail(`could not list uploads in the replica: ${String(error)}`);
    }
    mkdirSync(this.uploadsDir, { recursive: true });
    this.sweep();
    try {
      this.watcher = watch(this.uploadsDir, { recursive: true }, (_event, name) => name && this.enqueue(String(name)));
      this.watcher.on('error', (error) => this.fail(`watching uploads stopped: ${error.message}`));
    } catch (error) {
      this.fail(`cannot watch ${this.uploadsDir} (the sweep still copies every ${SWEEP_MS / 1000} s): ${String(error)}`);
    }
    this.timers.push(
      setInterval(() => this.sweep(), SWEEP_MS),
      setInterval(() => this.copyDue(), TICK_MS),
    );
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    this.watcher?.close();
    for (const timer of this.timers) clearInterval(timer);
    if (current === this) current = null;
  }

  /** Queues one upload, given relative to the uploads folder or as an absolute path inside it. */
  enqueue(path: string): void {
    const relativePath = (isAbsolute(path) ? relative(this.uploadsDir, path) : path).split(sep).join('/');
    if (relativePath.startsWith('../') || !isUploadPath(relativePath) || this.copied.has(relativePath) || this.pending.has(relativePath))
      return;
    const now = Date.now();
    this.pending.set(relativePath, { firstSeen: now, due: now, attempts: 0 });
  }

  /** Queues every local upload the replica does not have. */
  sweep(): void {
    for (const path of listFiles(this.uploadsDir)) this.enqueue(path);
  }

  private copyDue(): void {
    const now = Date.now();
    for (const [path, entry] of this.pending) {
      if (this.inFlight.size >= PARALLEL_COPIES) return;
      if (entry.due > now || this.inFlight.has(path)) continue;
      void this.copyOne(path, entry, now);
    }
  }

  private async copyOne(path: string, entry: Pending, now: number): Promise<void> {
    const local = join(this.uploadsDir, path);
    const stat = existsSync(local) ? statSync(local) : null;
    if (!stat?.isFile()) {
      // A watch event for a folder (its files get their own events), or for a file gone again.
      this.pending.delete(path);
      return;
    }
    if (now - stat.mtimeMs < SETTLE_MS) {
      entry.due = now + SETTLE_MS;
      return;
    }
    this.inFlight.add(path);
    try {
      await this.store.put(path, local);
      this.pending.delete(path);
      this.copied.add(path);
      this.lastCopiedAt = Date.now();
    } catch (error) {
      entry.attempts++;
      const delay = Math.min(RETRY_MIN_MS * 2 ** (entry.attempts - 1), RETRY_MAX_MS);
      entry.due = Date.now() + delay;
      this.fail(
        `copying upload ${path} failed (attempt ${entry.attempts}, next in ${Math.round(delay / 1000)} s): ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.inFlight.delete(path);
    }
  }

  private fail(message: string): void {
    this.lastError = { at: new Date().toISOString(), message };
    console.error(JSON.stringify({ level: 'error', msg: 'upload replication', error: message }));
  }

  stats(now = Date.now()): { copied: number; pending: number; failing: number; oldestPendingSeconds: number } {
    let oldest = now;
    let failing = 0;
    for (const entry of this.pending.values()) {
      oldest = Math.min(oldest, entry.firstSeen);
      if (entry.attempts > 0) failing++;
    }
    return { copied: this.copied.size, pending: this.pending.size, failing, oldestPendingSeconds: Math.round((now - oldest) / 1000) };
  }
}
