/**
 * Prepared search records of the notes in the recent bundle, kept on disk between updates (each
 * update is a child process of its own). The recent bundle is rebuilt by Pagefind on every update,
 * but a note's text is turned into a record (Markdown, Thai word marks) only when what it is made
 * of changed: before, every update prepared every recent note again, and one long note among them
 * made each update run past the watchdog (issue 21).
 *
 * One file per note, `.records/<id>.json` under the index root (a dot directory: never served),
 * holding the key of the source it was made from (a hash of the source and of PREPARE_VERSION).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NoteSource, SearchDocument } from './documents.ts';

const RECORDS = '.records';
/** Bump when prepare.ts makes different records from the same source, so cached ones are made again. */
const PREPARE_VERSION = 1;

/** What a note's record depends on: every field of its source, and how records are made. */
export function sourceKey(source: NoteSource): string {
  return createHash('sha256')
    .update(JSON.stringify([PREPARE_VERSION, source]))
    .digest('base64url')
    .slice(0, 24);
}

const recordFile = (root: string, id: number) => join(root, RECORDS, `${id}.json`);

/** The record cached for note `id` if it was made from a source with this key. */
export function readCachedRecord(root: string, id: number, key: string): SearchDocument | undefined {
  try {
    const cached = JSON.parse(readFileSync(recordFile(root, id), 'utf8')) as { key: string; document: SearchDocument };
    return cached.key === key ? cached.document : undefined;
  } catch {
    return undefined; // none yet, or unreadable: made again
  }
}

/** The key of the record cached for note `id`, if any. */
export function cachedRecordKey(root: string, id: number): string | undefined {
  try {
    return (JSON.parse(readFileSync(recordFile(root, id), 'utf8')) as { key: string }).key;
  } catch {
    return undefined;
  }
}

/** Keeps `document` (made from a source with this key) for the next update. */
export function cacheRecord(root: string, key: string, document: SearchDocument): void {
  mkdirSync(join(root, RECORDS), { recursive: true });
  const file = recordFile(root, document.id);
  // Written aside and renamed: an update killed while writing leaves the old record or none.
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify({ key, document }));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** Deletes the cached records of notes not in `ids` (they left the recent bundle). */
export function keepCachedRecords(root: string, ids: Set<number>): void {
  let names: string[];
  try {
    names = readdirSync(join(root, RECORDS));
  } catch {
    return;
  }
  for (const name of names) {
    const id = Number(/^(\d+)\.json$/.exec(name)?.[1]);
    if (!ids.has(id)) rmSync(join(root, RECORDS, name), { force: true });
  }
}
