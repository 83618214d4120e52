/**
 * Where files other than the database live. DATA_DIR defaults to the database's folder;
 * uploads (photos) live in UPLOADS_DIR, else DATA_DIR/uploads. Read at run time.
 */
import { dirname, join, resolve } from 'node:path';
import { resolveDatabasePath } from '~db/client.ts';

export function resolveDataDir(databasePath = resolveDatabasePath()): string {
  return resolve(process.env.DATA_DIR || dirname(databasePath));
}

export function resolveUploadsDir(databasePath = resolveDatabasePath()): string {
  return resolve(process.env.UPLOADS_DIR || join(resolveDataDir(databasePath), 'uploads'));
}
