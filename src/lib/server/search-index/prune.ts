/**
 * Takes notes out of a built Pagefind bundle in well under a second, without Pagefind: the copy
 * has no fragment of those notes, and their words and filter values are gone from its index and
 * filter chunks (and from the chunk ranges in its metadata). A shard rebuild costs ~40 s at 10,000
 * notes; this keeps what the public can download equal to what it can see within the index's
 * freshness window (docs/decisions/0003-search-index.md, "Removal").
 *
 * Pagefind 1.6 file layout (gzip of "pagefind_dcd" + CBOR, see cbor.ts):
 * - pf_meta: [version, pages: [hash, wordCount, …][], chunks: [from, to, hash][], filters, sorts, …]
 * - pf_index: [words: [word, pages: [pageDelta, locations, metaLocations][], …][]] (page numbers
 *   are deltas from the previous entry's)
 * - pf_filter: [filter, values: [value, pages: number[]][]] (absolute page numbers)
 * - fragment/<page hash>.pf_fragment: "pagefind_dcd" + the page's JSON (url, content, meta …)
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { placeBundle } from './bundle.ts';
import { CborReader, CborWriter, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { temporaryBundleDir } from './store.ts';

const SIGNATURE = 'pagefind_dcd';
/** Page number → note id of a bundle, kept beside its files so a later prune needs no fragment reads. */
const PAGE_IDS_FILE = '.page-ids.json';

function readPagefindFile(path: string): Buffer {
  const raw = gunzipSync(readFileSync(path));
  if (raw.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) throw new Error(`Not a Pagefind file: ${path}`);
  return raw.subarray(SIGNATURE.length);
}

/** Fastest gzip level: a prune rewrites most of a shard's ~13 MB of chunks and sits on the freshness path. */
const PRUNE_GZIP_LEVEL = 1;

function writePagefindFile(path: string, body: Uint8Array): void {
  writeFileSync(path, gzipSync(Buffer.concat([Buffer.from(SIGNATURE, 'latin1'), body]), { level: PRUNE_GZIP_LEVEL }));
}

/** Hard link (same bytes, no copy), or a copy where links are not possible. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** The note id of every page of the bundle (index = page number), from the sidecar or the fragments. */
function readPageIds(bundle: string, pages: CborValue[][]): (number | null)[] {
  try {
    return JSON.parse(readFileSync(join(bundle, PAGE_IDS_FILE), 'utf8')) as (number | null)[];
  } catch {
    return pages.map(([hash]) => {
      try {
        const fragment = JSON.parse(readPagefindFile(join(bundle, 'fragment', `${hash as string}.pf_fragment`)).toString('utf8')) as {
          meta?: { id?: string };
        };
        return fragment.meta?.id ? Number(fragment.meta.id) : null;
      } catch {
        return null; // pruned before
      }
    });
  }
}

/** What is left of an index chunk: its bytes and its first and last word, or nothing left at all. */
type PrunedChunk = { body: Uint8Array; from: string; to: string } | 'empty' | 'unchanged';

/**
 * An index chunk without `removed` pages; words left with no page are dropped. Walks the bytes
 * and copies what it keeps (a page's locations, a word untouched) without decoding it.
 */
function pruneIndexChunk(bytes: Uint8Array, removed: Set<number>): PrunedChunk {
  const reader = new CborReader(bytes);
  const writer = new CborWriter();
  if (reader.arrayLength() !== 1) throw new Error('Unexpected Pagefind index chunk');
  const wordCount = reader.arrayLength();
  const kept: Uint8Array[] = [];
  let first = -1;
  let last = -1;
  let anyChanged = false;
  for (let w = 0; w < wordCount; w++) {
    const wordStart = reader.at;
    const fields = reader.arrayLength();
    const textStart = reader.at;
    reader.skip();
    const textEnd = reader.at;
    const pageCount = reader.arrayLength();
    const pages: [fields: number, delta: number, start: number, end: number][] = [];
    let page = 0;
    let previousKept = 0;
    let changed = false;
    for (let p = 0; p < pageCount; p++) {
      const entryFields = reader.arrayLength();
      page += reader.uint();
      const restStart = reader.at;
      for (let f = 1; f < entryFields; f++) reader.skip();
      if (removed.has(page)) {
        changed = true;
        continue;
      }
      pages.push([entryFields, page - previousKept, restStart, reader.at]);
      previousKept = page;
    }
    const restStart = reader.at;
    for (let f = 2; f < fields; f++) reader.skip();
    anyChanged ||= changed;
    if (!pages.length) continue;
    if (!changed) kept.push(bytes.subarray(wordStart, reader.at));
    else {
      const word = new CborWriter(reader.at - wordStart).head(4, fields).raw(bytes.subarray(textStart, textEnd)).head(4, pages.length);
      for (const [entryFields, delta, start, end] of pages) word.head(4, entryFields).head(0, delta).raw(bytes.subarray(start, end));
      kept.push(word.raw(bytes.subarray(restStart, reader.at)).bytes());
    }
    if (first < 0) first = textStart;
    last = textStart;
  }
  if (!anyChanged) return 'unchanged';
  if (!kept.length) return 'empty';
  writer.head(4, 1).head(4, kept.length);
  for (const word of kept) writer.raw(word);
  const wordAt = (at: number) => new CborReader(bytes.subarray(at)).value() as string;
  return { body: writer.bytes(), from: wordAt(first), to: wordAt(last) };
}

export interface PruneResult {
  /** The new bundle's directory, relative to the root (named by its content, like every bundle). */
  dir: string;
  /** Note ids whose pages were found and taken out. */
  removedIds: number[];
}

/**
 * Copies the bundle at `root/fromDir` into a new bundle `<name>-<content hash>` without the pages
 * of `noteIds` (ids not in it are ignored). Unchanged files are hard-linked; the copy appears
 * complete or not at all.
 */
export function pruneBundle(root: string, fromDir: string, name: string, noteIds: Iterable<number>): PruneResult {
  const from = join(root, fromDir);
  const temporary = join(root, temporaryBundleDir(name));
  const entry = JSON.parse(readFileSync(join(from, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { hash: string; page_count: number }>;
  };
  const wanted = new Set(noteIds);
  const removedIds: number[] = [];
  const rewritten = new Map<string, Uint8Array>();
  const droppedFiles = new Set<string>();

  for (const language of Object.values(entry.languages)) {
    const metaName = `pagefind.${language.hash}.pf_meta`;
    const meta = decodeCbor(readPagefindFile(join(from, metaName))) as CborValue[];
    const pages = meta[1] as CborValue[][];
    const pageIds = readPageIds(from, pages);
    const removed = new Set<number>();
    pageIds.forEach((id, page) => {
      if (id !== null && wanted.has(id)) {
        removed.add(page);
        removedIds.push(id);
        droppedFiles.add(`fragment/${pages[page]![0] as string}.pf_fragment`);
      }
    });
    if (!removed.size) continue;
    for (const page of removed) pageIds[page] = null;
    rewritten.set(PAGE_IDS_FILE, Buffer.from(JSON.stringify(pageIds)));

    const chunks: CborValue[][] = [];
    for (const chunk of meta[2] as CborValue[][]) {
      const file = `index/${chunk[2] as string}.pf_index`;
      const pruned = pruneIndexChunk(readPagefindFile(join(from, file)), removed);
      if (pruned === 'unchanged') chunks.push(chunk);
      else if (pruned === 'empty') droppedFiles.add(file);
      else {
        rewritten.set(file, pruned.body);
        // The range Pagefind uses to pick chunks holds words too: first and last word kept.
        chunks.push([pruned.from, pruned.to, chunk[2]!]);
      }
    }
    meta[2] = chunks;
    for (const [, hash] of meta[3] as CborValue[][]) {
      const file = `filter/${hash as string}.pf_filter`;
      const [filter, values] = decodeCbor(readPagefindFile(join(from, file))) as [CborValue, CborValue[][]];
      const kept = values
        .map(([value, valuePages]) => [value!, (valuePages as number[]).filter((page) => !removed.has(page))])
        .filter(([, valuePages]) => (valuePages as number[]).length);
      rewritten.set(file, encodeCbor([filter, kept]));
    }
    rewritten.set(metaName, encodeCbor(meta));
    language.page_count -= removed.size;
  }
  rewritten.set('pagefind-entry.json', Buffer.from(JSON.stringify(entry)));

  mkdirSync(temporary, { recursive: true });
  const items = readdirSync(from, { recursive: true, withFileTypes: true });
  for (const item of items)
    if (item.isDirectory()) mkdirSync(join(temporary, join(item.parentPath, item.name).slice(from.length + 1)), { recursive: true });
  for (const item of items) {
    const relative = join(item.parentPath, item.name).slice(from.length + 1);
    if (item.isDirectory() || droppedFiles.has(relative) || rewritten.has(relative)) continue;
    linkOrCopy(join(from, relative), join(temporary, relative));
  }
  for (const [relative, body] of rewritten) {
    if (relative.endsWith('.json')) writeFileSync(join(temporary, relative), body);
    else writePagefindFile(join(temporary, relative), body);
  }
  return { dir: placeBundle(root, temporary, name), removedIds };
}
