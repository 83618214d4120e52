/**
 * REPLICA_URL: where the off-box copy lives. `file:///mnt/backup/banthuek` (a second disk) or
 * `s3://bucket/path` (any S3-compatible store; credentials from the usual AWS_* / LITESTREAM_*
 * variables, a non-AWS endpoint from REPLICA_ENDPOINT or AWS_ENDPOINT_URL_S3). Under that root,
 * Litestream keeps the database in `db/` and uploads are copied to `uploads/<same path>`.
 */
import { fileURLToPath } from 'node:url';
import { getConfig } from '../config.ts';

export type ReplicaTarget =
  | { kind: 'file'; url: string; root: string }
  | { kind: 's3'; url: string; bucket: string; prefix: string };

export const DATABASE_FOLDER = 'db';
export const UPLOADS_FOLDER = 'uploads';

/** Parses a replica URL; throws an Error saying what a valid one looks like. */
export function parseReplicaUrl(raw: string): ReplicaTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`REPLICA_URL "${raw}" is not a URL: use file:///absolute/path or s3://bucket/path`);
  }
  if (url.protocol === 'file:') {
    const root = fileURLToPath(url).replace(/\/+$/, '');
    if (!root) throw new Error('REPLICA_URL file:/// needs a folder, e.g. file:///mnt/backup/banthuek');
    return { kind: 'file', url: `file://${root}`, root };
  }
  if (url.protocol === 's3:') {
    if (!url.hostname) throw new Error('REPLICA_URL s3:// needs a bucket, e.g. s3://my-bucket/banthuek');
    const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
    return { kind: 's3', url: `s3://${url.hostname}${prefix ? `/${prefix}` : ''}`, bucket: url.hostname, prefix };
  }
  throw new Error(`REPLICA_URL "${raw}" has an unsupported scheme: use file:// or s3://`);
}

/** The configured replica, or null when REPLICA_URL is unset (replication off, nothing changes). */
export function replicaFromEnv(): ReplicaTarget | null {
  const raw = getConfig().replicaUrl?.trim();
  return raw ? parseReplicaUrl(raw) : null;
}

/** Where Litestream writes the database's generations, snapshots and WAL segments. */
export function databaseReplicaUrl(target: ReplicaTarget): string {
  return `${target.url}/${DATABASE_FOLDER}`;
}

/**
 * The endpoint of a non-AWS S3 store (MinIO, Garage, R2, a loopback test server): REPLICA_ENDPOINT,
 * else the variable the AWS tools themselves read.
 */
export function s3Endpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.REPLICA_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || '').replace(/\/+$/, '') || undefined;
}

/** REPLICA_REGION, else AWS_REGION, else us-east-1 (what most S3-compatible stores accept). */
export function s3Region(env: NodeJS.ProcessEnv = process.env): string {
  return env.REPLICA_REGION || env.AWS_REGION || 'us-east-1';
}

/** Access key and secret for an s3:// replica, as Litestream reads them (its own names first). */
export function s3Credentials(env: NodeJS.ProcessEnv = process.env): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: env.LITESTREAM_ACCESS_KEY_ID || env.AWS_ACCESS_KEY_ID || '',
    secretAccessKey: env.LITESTREAM_SECRET_ACCESS_KEY || env.AWS_SECRET_ACCESS_KEY || '',
  };
}
