/**
 * Where files other than the database live, the one place that decides it. DATA_DIR defaults to
 * the database's folder; uploads (photos) live in UPLOADS_DIR, else DATA_DIR/uploads; the search
 * index in SEARCH_INDEX_DIR, else DATA_DIR/search-index.
 */
import { dirname, join, resolve } from 'node:path';
import { resolveDatabasePath } from '~db/client.ts';
import { getConfig } from './config.ts';

export function resolveDataDir(databasePath = resolveDatabasePath()): string {
  return getConfig().dataDir ?? resolve(dirname(databasePath));
}

export function resolveUploadsDir(databasePath = resolveDatabasePath()): string {
  return getConfig().uploadsDir ?? join(resolveDataDir(databasePath), 'uploads');
}

export function resolveSearchIndexDir(): string {
  return getConfig().searchIndexDir ?? join(resolveDataDir(), 'search-index');
}
