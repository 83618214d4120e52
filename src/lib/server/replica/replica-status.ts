/**
 * The replication status the primary process writes every second (REPLICA_STATUS_FILE in the data
 * dir) and that `/healthz` (any worker) and `npm run replica:status` read: one small JSON file,
 * replaced by an atomic rename, so no process needs to ask another.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPLICA_STATUS_FILE = 'replica-status.json';
/** The primary rewrites the file every second; older than this means it is not running. */
const STALE_AFTER_MS = 10_000;

export interface ReplicaError {
  at: string;
  message: string;
}

export interface ReplicationStatus {
  /** The replica root (no credentials are ever part of it). */
  replica: string;
  litestream: { running: boolean; pid: number | null; restarts: number; generation: string | null };
  /** When Litestream last wrote WAL or a snapshot to the replica. */
  lastReplicatedAt: string | null;
  /** When the local database last changed (its WAL file). */
  lastWriteAt: string | null;
  /** Size of the local WAL file: Litestream checkpoints it; it only grows large while Litestream is down. */
  walBytes: number | null;
  /** Age of the oldest local write the replica may not have yet (0: up to date), accurate to about a second. */
  lagSeconds: number;
  lastError: ReplicaError | null;
  uploads: {
    copied: number;
    pending: number;
    failing: number;
    oldestPendingSeconds: number;
    lastCopiedAt: string | null;
    lastError: ReplicaError | null;
  };
  updatedAt: string;
}

export interface ReplicationReport extends ReplicationStatus {
  /** True when the primary stopped updating the status (not running, or hung). */
  stale: boolean;
}

function replicaStatusPath(dataDir: string): string {
  return join(dataDir, REPLICA_STATUS_FILE);
}

export function writeReplicaStatus(dataDir: string, status: ReplicationStatus): void {
  const path = replicaStatusPath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(status));
  renameSync(temporary, path);
}

/** The last status written by the primary, or null when there is none (replication never ran here). */
export function readReplicaStatus(dataDir: string, now = Date.now()): ReplicationReport | null {
  const path = replicaStatusPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const status = JSON.parse(readFileSync(path, 'utf8')) as ReplicationStatus;
    return { ...status, stale: now - Date.parse(status.updatedAt) > STALE_AFTER_MS };
  } catch {
    return null; // replaced mid-read cannot happen (rename), but a hand-edited file can be broken
  }
}
