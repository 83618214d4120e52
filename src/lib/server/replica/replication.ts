/**
 * Continuous replication, run by the primary process when REPLICA_URL is set: Litestream ships the
 * database's WAL, the upload replicator copies uploads, and once a second the status (lag, last
 * error) is written for /healthz and `npm run replica:status`. Without REPLICA_URL nothing runs.
 */
import { statSync } from 'node:fs';
import { resolveDatabasePath } from '../../../../db/client.ts';
import { resolveDataDir, resolveUploadsDir } from '../data-dir.ts';
import { LitestreamProcess } from './litestream-process.ts';
import { ReplicationLag } from './replication-lag.ts';
import { getConfig } from '../config.ts';
import { writeReplicaStatus, type ReplicaError, type ReplicationStatus } from './replica-status.ts';
import { UploadReplicator } from './upload-replicator.ts';
import { uploadStore } from './upload-store.ts';

const STATUS_EVERY_MS = 1_000;
/** Litestream counts as failing for this long after it logged an error. */
const ERROR_FRESH_MS = 10_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function walFile(databasePath: string): { mtimeMs: number; size: number } | null {
  try {
    return statSync(`${databasePath}-wal`);
  } catch {
    return null;
  }
}

/** Starts replication if REPLICA_URL is set; resolves with a function that stops it (final sync included). */
export async function startReplication(): Promise<(() => Promise<void>) | null> {
  const target = getConfig().replica;
  if (!target) return null;
  const databasePath = resolveDatabasePath();
  const dataDir = resolveDataDir(databasePath);
  const lag = new ReplicationLag();
  let lastError: ReplicaError | null = null;
  const litestream = new LitestreamProcess(databasePath, dataDir, target, {
    onReplicated: (at) => lag.observeReplicated(at),
    onError: (error) => {
      lastError = error;
      console.error(JSON.stringify({ level: 'error', msg: 'replication', error: error.message }));
    },
  });
  const uploads = new UploadReplicator(resolveUploadsDir(databasePath), uploadStore(target));

  const status = (now = Date.now()): ReplicationStatus => {
    const wal = walFile(databasePath);
    if (wal) lag.observeWrite(wal.mtimeMs);
    const failing = lastError !== null && now - Date.parse(lastError.at) < ERROR_FRESH_MS;
    const times = lag.times();
    return {
      replica: target.url,
      litestream: { running: litestream.running, pid: litestream.pid, restarts: litestream.restarts, generation: litestream.generation },
      lastReplicatedAt: iso(times.lastReplicatedAt),
      lastWriteAt: iso(times.lastWriteAt),
      walBytes: wal?.size ?? null,
      lagSeconds: lag.lagSeconds(now, litestream.running && !failing),
      lastError,
      uploads: { ...uploads.stats(now), lastCopiedAt: iso(uploads.lastCopiedAt), lastError: uploads.lastError },
      updatedAt: new Date(now).toISOString(),
    };
  };
  const report = () => {
    try {
      writeReplicaStatus(dataDir, status());
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'could not write the replication status', error: String(error) }));
    }
  };

  litestream.start();
  await uploads.start();
  report();
  const timer = setInterval(report, STATUS_EVERY_MS);
  timer.unref();
  console.log(JSON.stringify({ level: 'info', msg: 'replication started', replica: target.url }));
  return async () => {
    clearInterval(timer);
    uploads.stop();
    await litestream.stop();
    report();
  };
}
