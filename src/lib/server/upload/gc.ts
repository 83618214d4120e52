/**
 * The uploads clean-up: removes uploads that no note, comment, AAR or knowledge asset has referred to for 24 hours
 * (a photo added to an editor and then taken out, a draft's photo the draft no longer shows) and
 * that are nobody's avatar or community cover, and
 * files in the uploads folder that belong to no upload (what an interrupted write left behind).
 * Runs hourly in the server's primary process and as `npm run uploads:gc`.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { DAY_MS, HOUR_MS } from '../../time.ts';
import { resolveUploadsDir } from '../data-dir.ts';
import { removeUploadFiles } from './files.ts';

const UNREFERENCED_GRACE_MS = DAY_MS;
const GC_INTERVAL_MS = HOUR_MS;
/** Our stored names and their temporary forms; anything else in the folder is left alone. */
const OUR_FILE = /^\.?([0-9a-f]{32})-[0-9a-z.x-]+$/;

export interface GcReport {
  uploads: { id: string; name: string; ownerId: number; storedBytes: number }[];
  strayFiles: string[];
}

/** Removes what is unreferenced since before `now - 24 h`; returns what it removed. */
export function collectUnreferencedUploads(now = Date.now()): GcReport {
  const sqlite = getDb().$client;
  const cutoff = now - UNREFERENCED_GRACE_MS;
  // The condition is checked again in the DELETE, in the write lock: a note saved meanwhile keeps its photo.
  // A member's avatar or a community's cover is in use although no note shows it. A knowledge asset's
  // photo is in use while any of its revisions shows it (an undo brings an old text back; issue 26):
  // assets are few, so their text is searched rather than kept in upload_refs.
  const condition = `NOT EXISTS (SELECT 1 FROM upload_refs r WHERE r.upload_id = uploads.id)
    AND NOT EXISTS (SELECT 1 FROM users a WHERE a.avatar_upload_id = uploads.id)
    AND NOT EXISTS (SELECT 1 FROM communities c WHERE c.cover_upload_id = uploads.id)
    AND NOT EXISTS (SELECT 1 FROM asset_revisions ar WHERE instr(ar.summary_markdown, uploads.id) > 0)
    AND coalesce(unreferenced_since, created_at) <= ?`;
  const removed = writeTransaction(() => {
    const rows = sqlite
      .prepare(`SELECT id, name, owner_id AS ownerId, stored_bytes AS storedBytes, files FROM uploads WHERE ${condition}`)
      .all(cutoff) as { id: string; name: string; ownerId: number; storedBytes: number; files: string }[];
    const remove = sqlite.prepare(`DELETE FROM uploads WHERE id = ? AND ${condition}`);
    return rows.filter((row) => remove.run(row.id, cutoff).changes > 0);
  });
  for (const row of removed) removeUploadFiles(JSON.parse(row.files) as string[]);

  const strayFiles: string[] = [];
  const root = resolveUploadsDir();
  let names: string[] = [];
  try {
    names = readdirSync(root);
  } catch {
    names = []; // no uploads folder yet
  }
  const known = sqlite.prepare('SELECT 1 FROM uploads WHERE id = ?').pluck();
  for (const name of names) {
    const match = OUR_FILE.exec(name);
    if (!match || known.get(match[1]!)) continue;
    const path = join(root, name);
    if (statSync(path).mtimeMs > cutoff) continue; // may be an upload being written right now
    rmSync(path, { force: true });
    strayFiles.push(name);
  }
  return { uploads: removed.map(({ files: _files, ...rest }) => rest), strayFiles };
}

let timer: NodeJS.Timeout | undefined;

/** Runs the clean-up every hour in this process (the cluster's primary); the first run after a minute. */
export function scheduleUploadsGc(): void {
  if (timer) return;
  const run = () => {
    try {
      const report = collectUnreferencedUploads();
      if (report.uploads.length || report.strayFiles.length) {
        console.log(
          JSON.stringify({ level: 'info', msg: 'uploads clean-up', uploads: report.uploads.length, strayFiles: report.strayFiles.length }),
        );
      }
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'uploads clean-up failed', error: error instanceof Error ? error.stack : String(error) }),
      );
    }
  };
  setTimeout(run, 60_000).unref();
  timer = setInterval(run, GC_INTERVAL_MS);
  timer.unref();
}
