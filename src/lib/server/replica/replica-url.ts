/**
 * REPLICA_URL: where the off-box copy lives. `file:///mnt/backup/banthuek` (a second disk) or
 * `s3://bucket/path` (any S3-compatible store; credentials from the usual AWS_* / LITESTREAM_*
 * variables, a non-AWS endpoint from REPLICA_ENDPOINT or AWS_ENDPOINT_URL_S3). Under that root,
 * Litestream keeps the database in `db/` and uploads are copied to `uploads/<same path>`.
 */
import { fileURLToPath } from 'node:url';

export type ReplicaTarget = { kind: 'file'; url: string; root: string } | { kind: 's3'; url: string; bucket: string; prefix: string };

export const DATABASE_FOLDER = 'db';
export const UPLOADS_FOLDER = 'uploads';

/** Parses a replica URL; throws an Error saying, in Thai and English, what a valid one looks like. */
export function parseReplicaUrl(raw: string): ReplicaTarget {
  if (!URL.canParse(raw)) {
    throw new Error(
      `ไม่ใช่ที่อยู่ ใช้ file:///โฟลเดอร์ หรือ s3://บัคเก็ต/โฟลเดอร์ (REPLICA_URL "${raw}" is not a URL: use file:///absolute/path or s3://bucket/path)`,
    );
  }
  const url = new URL(raw);
  if (url.protocol === 'file:') {
    const root = fileURLToPath(url).replace(/\/+$/, '');
    if (!root) throw new Error('file:/// ต้องระบุโฟลเดอร์ เช่น file:///mnt/backup/banthuek (REPLICA_URL file:/// needs a folder)');
    return { kind: 'file', url: `file://${root}`, root };
  }
  if (url.protocol === 's3:') {
    if (!url.hostname) throw new Error('s3:// ต้องระบุบัคเก็ต เช่น s3://my-bucket/banthuek (REPLICA_URL s3:// needs a bucket)');
    const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
    return { kind: 's3', url: `s3://${url.hostname}${prefix ? `/${prefix}` : ''}`, bucket: url.hostname, prefix };
  }
  throw new Error(
    `ใช้ได้เฉพาะ file:// หรือ s3:// (REPLICA_URL "${raw}" has an unsupported scheme: use file:///absolute/path or s3://bucket/path)`,
  );
}
