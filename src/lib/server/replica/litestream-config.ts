/**
 * The Litestream binary shipped in npm (`@flydotio/litestream`, v0.3.13 for linux-x64) and the
 * config file we generate for it: one database, one replica. Checkpoint settings are Litestream's
 * defaults (see docs/decisions/1701-replication-with-litestream.md for why the app leaves
 * checkpoints to it).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getConfig, type S3Settings } from '../config.ts';
import { DATABASE_FOLDER, type ReplicaTarget } from './replica-url.ts';

/** How often Litestream ships new WAL frames: the bound on how much an acknowledged write can be lost. */
const SYNC_INTERVAL = '1s';

/**
 * The binary inside the platform package of `@flydotio/litestream`.
 * NOTE: package.json names the wrapper and, as an optional dependency, `@flydotio/litestream-linux-x64`
 * directly: the registry we install from lacks the wrapper's other platform packages, so their
 * lock-file entries are written by hand (os/cpu set, never fetched on Linux x64) and `npm ci`
 * accepts the lock. On another platform the package may be missing: a clear error here.
 */
export function litestreamBinary(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`@flydotio/litestream-${process.platform}-${process.arch}/package.json`);
  const binary = join(dirname(packageJson), 'litestream');
  if (!existsSync(binary)) throw new Error(`Litestream binary missing at ${binary}: run npm install`);
  return binary;
}

/** YAML for one database replicated to `target` (JSON is valid YAML, and needs no quoting rules). */
export function litestreamConfig(databasePath: string, target: ReplicaTarget, s3: S3Settings = getConfig().s3): string {
  const replica: Record<string, unknown> = { 'sync-interval': SYNC_INTERVAL };
  if (target.kind === 'file') {
    Object.assign(replica, { type: 'file', path: join(target.root, DATABASE_FOLDER) });
  } else {
    const { endpoint } = s3;
    Object.assign(replica, {
      type: 's3',
      bucket: target.bucket,
      path: [target.prefix, DATABASE_FOLDER].filter(Boolean).join('/'),
      region: s3.region,
    });
    // MinIO, Garage and most S3-compatible stores want path-style addressing at a custom endpoint.
    if (endpoint) Object.assign(replica, { endpoint, 'force-path-style': true });
  }
  return `${JSON.stringify({ dbs: [{ path: databasePath, replicas: [replica] }] }, null, 2)}\n`;
}
