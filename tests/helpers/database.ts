/**
 * A fresh migrated SQLite file for tests that call library functions directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, getDb } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';

/** Points DATABASE_PATH at a new temp file, migrates it, and returns a cleanup function. */
export function useFreshDatabase(): () => void {
  closeDb();
  const dir = mkdtempSync(join(tmpdir(), 'banthuek-unit-'));
  process.env.DATABASE_PATH = join(dir, 'test.db');
  migrateDatabase(getDb());
  return () => {
    closeDb();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
}
