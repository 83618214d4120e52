/** Files of uploads on disk (kept apart from store.ts so the clean-up does not load sharp). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUploadsDir } from '../data-dir.ts';

/** Removes the files of an upload from disk (missing ones are fine; only our own names are touched). */
export function removeUploadFiles(files: string[]): void {
  const root = resolveUploadsDir();
  for (const name of files) if (/^[0-9a-f]{32}-[0-9a-z.x-]+$/.test(name)) rmSync(join(root, name), { force: true });
}
