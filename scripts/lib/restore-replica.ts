/**
 * Restore onto a new machine from the continuous replica: Litestream rebuilds the database (at a
 * point in time when asked) beside its final name, we check it (integrity_check, foreign keys), then
 * copy every upload. Like `restoreBackup`, it refuses a data dir that already holds a site.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveUploadsDir } from '../../src/lib/server/data-dir.ts';
import { litestreamBinary, litestreamConfig } from '../../src/lib/server/replica/litestream-config.ts';
import { parseReplicaUrl } from '../../src/lib/server/replica/replica-url.ts';
import { listFiles, uploadStore } from '../../src/lib/server/replica/upload-store.ts';
import { verifyDatabase } from './backup.ts';

export interface ReplicaRestoreResult {
  tables: Record<string, number>;
  uploads: number;
  ms: number;
}

function runLitestream(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(litestreamBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`litestream ${args[0]} exited with code ${code}: ${output.trim().slice(-500)}`)),
    );
  });
}

/** Parses `--timestamp`: any date JavaScript reads, handed to Litestream as RFC 3339 (UTC). */
function parseTimestamp(raw: string): string {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw))
    throw new Error(`--timestamp "${raw}" is not an ISO date and time, e.g. 2026-11-29T10:15:00Z`);
  return at.toISOString();
}

/** Restores database and uploads from `replicaUrl` into the (empty) data dir of `databasePath`. */
export async function restoreFromReplica(
  replicaUrl: string,
  databasePath: string,
  options: { timestamp?: string } = {},
): Promise<ReplicaRestoreResult> {
  const started = performance.now();
  const target = parseReplicaUrl(replicaUrl);
  const uploadsDir = resolveUploadsDir(databasePath);
  if (existsSync(databasePath)) throw new Error(`${databasePath} already exists: restore only into an empty data dir`);
  if (listFiles(uploadsDir).length > 0) throw new Error(`${uploadsDir} is not empty: restore only into an empty data dir`);
  mkdirSync(dirname(databasePath), { recursive: true });

  // Litestream restores a database named in a config; ours points it at the replica.
  const work = mkdtempSync(join(dirname(databasePath), '.restore-'));
  const restored = join(work, 'restored.db');
  try {
    const configPath = join(work, 'litestream.yml');
    writeFileSync(configPath, litestreamConfig(databasePath, target));
    const args = ['restore', '-config', configPath, '-o', restored];
    if (options.timestamp) args.push('-timestamp', parseTimestamp(options.timestamp));
    await runLitestream([...args, databasePath]);
    const tables = verifyDatabase(restored);
    // Uploads are immutable: every one in the replica is copied (a newer one than --timestamp is harmless).
    const store = uploadStore(target);
    const names = [...(await store.list())];
    for (const name of names) await store.get(name, join(uploadsDir, name));
    if (existsSync(databasePath)) throw new Error(`${databasePath} appeared while restoring: restore only into an empty data dir`);
    renameSync(restored, databasePath);
    return { tables, uploads: names.length, ms: Math.round(performance.now() - started) };
  } catch (cause) {
    throw new Error(`Failed to restore from ${target.url}`, { cause });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
