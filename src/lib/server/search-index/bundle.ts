/**
 * Writes one Pagefind bundle from search documents with Pagefind's Node API. The bundle is
 * written to a temporary directory and renamed into place, so it appears complete or not at all,
 * under a name made from its content (so CDNs may keep it forever, decision 1702).
 */
import * as pagefind from 'pagefind';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SearchDocument } from './documents.ts';
import { bundleDirFor, temporaryBundleDir } from './store.ts';

/** Records sent to Pagefind's service and not yet answered, at most (it handles them in order). */
const RECORDS_IN_FLIGHT = 400;
/** Pagefind also writes its ready-made UI; the search page has its own, so these are removed. */
const UNUSED_FILES = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-highlight.js',
];

function failIfErrors(errors: string[], what: string): void {
  if (errors.length) throw new Error(`Failed to ${what}: ${errors.join('; ')}`);
}

/** SHA-256 of every file's relative path and bytes under `dir`, in name order (base64url, 20 characters). */
function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('base64url').slice(0, 20);
}

/**
 * Moves a complete bundle written at `temporary` (absolute) to its name under `root/bundles/`,
 * `<name>-<content hash>`, and returns that directory (relative to the root).
 */
export function placeBundle(root: string, temporary: string, name: string): string {
  const dir = bundleDirFor(name, hashTree(temporary));
  if (existsSync(join(root, dir))) {
    // The same content was built before (and may be in use): keep that copy, fresh for the grace period.
    rmSync(temporary, { recursive: true, force: true });
    const now = new Date();
    utimesSync(join(root, dir), now, now);
  } else {
    renameSync(temporary, join(root, dir));
  }
  return dir;
}

/**
 * Indexes `documents` (Thai segmentation on: language "th") into a bundle directory named
 * `<name>-<content hash>` under `root/bundles/`, and returns that directory (relative to the root).
 * `segment` is stored in each record's meta so the page knows which copy of a note it got.
 */
export async function writeBundle(root: string, name: string, segment: string, documents: SearchDocument[]): Promise<string> {
  const written = await writeBundleFrom(root, name, segment, [documents]);
  if (!written) throw new Error('Failed to write the search index: no documents');
  return written.dir;
}

/**
 * As writeBundle, from batches of documents read while Pagefind indexes the batches before them
 * (its service is a process of its own, so reading the next batch overlaps with indexing this one).
 * Null when there was no document at all (no bundle is written).
 */
export async function writeBundleFrom(
  root: string,
  name: string,
  segment: string,
  batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>,
  /** Called as soon as the bundle has its name, before anything else can run (see recordBundlesBeingBuilt). */
  onPlaced?: (dir: string) => void,
): Promise<{ dir: string; notes: number } | null> {
  const { index, errors } = await pagefind.createIndex({});
  failIfErrors(errors, 'create the search index');
  try {
    let notes = 0;
    let inFlight: Promise<void>[] = [];
    const settle = async (answers: Promise<void>[]) => void (await Promise.all(answers));
    for await (const documents of batches) {
      for (const doc of documents) {
        const added = index!
          .addCustomRecord({ url: doc.url, content: doc.content, language: 'th', meta: { ...doc.meta, segment }, filters: doc.filters })
          .then((answer) => failIfErrors(answer.errors, `add note ${doc.id} to the search index`));
        added.catch(() => {}); // reported when settled below, not as an unhandled rejection meanwhile
        inFlight.push(added);
        if (inFlight.length >= RECORDS_IN_FLIGHT) await settle(inFlight.splice(0, RECORDS_IN_FLIGHT / 2));
      }
      notes += documents.length;
    }
    await settle(inFlight);
    inFlight = [];
    if (notes === 0) return null;
    const temporary = join(root, temporaryBundleDir(name));
    failIfErrors((await index!.writeFiles({ outputPath: temporary })).errors, 'write the search index');
    for (const unused of UNUSED_FILES) rmSync(join(temporary, unused), { force: true });
    const dir = placeBundle(root, temporary, name);
    onPlaced?.(dir);
    return { dir, notes };
  } finally {
    await index!.deleteIndex();
  }
}

/** Stops Pagefind's background service so a CLI can exit. */
export async function closePagefind(): Promise<void> {
  await pagefind.close();
}
