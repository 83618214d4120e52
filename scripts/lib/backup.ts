/**
 * Online backups: a consistent copy of the database (VACUUM INTO reads one snapshot, so writers keep
 * going) plus the uploads folder, verified (integrity_check, foreign keys, row counts recorded in a
 * manifest) before it is given its final name; the last BACKUP_KEEP are kept. Restore checks a backup
 * against its manifest and copies it into an empty data dir.
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveUploadsDir } from '../../src/lib/server/data-dir.ts';
import { getConfig } from '../../src/lib/server/config.ts';

const BACKUP_PREFIX = 'banthuek-';
const MANIFEST = 'manifest.json';
const DB_FILE = 'banthuek.db';

export interface BackupManifest {
  createdAt: string;
  database: string;
  tables: Record<string, number>;
  uploads: number;
}

function backupDir(): string {
  return getConfig().backupDir;
}

function countRows(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** Throws unless the database file is intact: integrity_check, foreign keys, and (when given) the row counts. */
export function verifyDatabase(path: string, expected?: Record<string, number>): Record<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check failed: ${integrity}`);
    const orphans = db.pragma('foreign_key_check') as unknown[];
    if (orphans.length > 0) throw new Error(`foreign_key_check found ${orphans.length} broken references`);
    const tables = countRows(db);
    for (const [table, count] of Object.entries(expected ?? {})) {
      if (tables[table] !== count) throw new Error(`table ${table} has ${tables[table]} rows, the manifest says ${count}`);
    }
    return tables;
  } finally {
    db.close();
  }
}

/** Makes, verifies and names one backup; prunes old ones; returns its folder and manifest. */
export function createBackup(
  databasePath: string,
  options: { dir?: string; keep?: number; now?: Date } = {},
): { path: string; manifest: BackupManifest } {
  const dir = options.dir ?? backupDir();
  const now = options.now ?? new Date();
  const name = `${BACKUP_PREFIX}${now.toISOString().replace(/[-:]/g, '')}`; // e.g. banthuek-20260101T120000.123Z
  const partial = join(dir, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const source = new Database(databasePath, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      source.prepare('VACUUM INTO ?').run(join(partial, DB_FILE));
    } finally {
      source.close();
    }
    // After the snapshot: every upload the snapshot refers to was written before its row committed.
    const uploads = resolveUploadsDir(databasePath);
    if (existsSync(uploads)) cpSync(uploads, join(partial, 'uploads'), { recursive: true });
    const manifest: BackupManifest = {
      createdAt: now.toISOString(),
      database: DB_FILE,
      tables: verifyDatabase(join(partial, DB_FILE)),
      uploads: countFiles(join(partial, 'uploads')),
    };
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const path = join(dir, name);
    rmSync(path, { recursive: true, force: true });
    renameSync(partial, path);
    pruneBackups(dir, options.keep ?? keepFromEnv());
    return { path, manifest };
  } catch (cause) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error('Failed to make a backup', { cause });
  }
}

function keepFromEnv(): number {
  return getConfig().backupKeep;
}

/** Completed backups, oldest first (names sort by time). */
function listBackups(dir = backupDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(BACKUP_PREFIX) && existsSync(join(dir, n, MANIFEST)))
    .sort()
    .map((n) => join(dir, n));
}

/** Deletes all but the newest `keep` backups. */
function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(0, -keep);
  for (const path of old) rmSync(path, { recursive: true, force: true });
  return old;
}

/** Reads and checks a backup, then copies it into an empty data dir; throws without touching anything when it is not sound. */
export function restoreBackup(backupPath: string, databasePath: string): BackupManifest {
  const manifestPath = join(backupPath, MANIFEST);
  if (!existsSync(manifestPath)) throw new Error(`${backupPath} is not a Banthuek backup (no ${MANIFEST})`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  verifyDatabase(join(backupPath, manifest.database), manifest.tables);
  const uploads = resolveUploadsDir(databasePath);
  if (existsSync(databasePath)) throw new Error(`${databasePath} already exists: restore only into an empty data dir`);
  if (countFiles(uploads) > 0) throw new Error(`${uploads} is not empty: restore only into an empty data dir`);
  mkdirSync(dirname(databasePath), { recursive: true });
  cpSync(join(backupPath, manifest.database), databasePath);
  if (existsSync(join(backupPath, 'uploads'))) cpSync(join(backupPath, 'uploads'), uploads, { recursive: true });
  verifyDatabase(databasePath, manifest.tables);
  return manifest;
}
