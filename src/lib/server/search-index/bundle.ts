/**
 * Writes one Pagefind bundle from search documents with Pagefind's Node API. The bundle is
 * written to a temporary directory and renamed into place, so it appears complete or not at all.
 */
import * as pagefind from 'pagefind';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchDocument } from './documents.ts';

/** Records sent to Pagefind's service before waiting for its answers (it handles them in order). */
const RECORDS_IN_FLIGHT = 200;
/** Pagefind also writes its ready-made UI; the search page has its own, so these are removed. */
const UNUSED_FILES = ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css', 'pagefind-highlight.js'];

function failIfErrors(errors: string[], what: string): void {
  if (errors.length) throw new Error(`Failed to ${what}: ${errors.join('; ')}`);
}

/**
 * Indexes `documents` (Thai segmentation on: language "th") into `root/dir`.
 * `segment` is stored in each record's meta so the page knows which copy of a note it got.
 */
export async function writeBundle(root: string, dir: string, segment: string, documents: SearchDocument[]): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  failIfErrors(errors, 'create the search index');
  try {
    for (let start = 0; start < documents.length; start += RECORDS_IN_FLIGHT) {
      const answers = await Promise.all(
        documents.slice(start, start + RECORDS_IN_FLIGHT).map((doc) =>
          index!.addCustomRecord({ url: doc.url, content: doc.content, language: 'th', meta: { ...doc.meta, segment }, filters: doc.filters }),
        ),
      );
      for (const answer of answers) failIfErrors(answer.errors, 'add a note to the search index');
    }
    const temporary = join(root, `${dir}.tmp`);
    rmSync(temporary, { recursive: true, force: true });
    failIfErrors((await index!.writeFiles({ outputPath: temporary })).errors, 'write the search index');
    for (const name of UNUSED_FILES) rmSync(join(temporary, name), { force: true });
    renameSync(temporary, join(root, dir));
  } finally {
    await index!.deleteIndex();
  }
}

/** Stops Pagefind's background service so a CLI can exit. */
export async function closePagefind(): Promise<void> {
  await pagefind.close();
}
