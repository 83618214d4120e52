/**
 * The one mutable file of the search index. Everything else under the index directory is
 * written once and never changed, so it can be cached forever; readers fetch this file first.
 */

export const MANIFEST_FILE = 'manifest.json';

/** A Pagefind index of one id range of notes ("shard"), as built at `builtAt`. */
export interface ShardEntry {
  shard: number;
  /** Directory of the Pagefind bundle, relative to the index root. */
  dir: string;
  notes: number;
  builtAt: number;
}

export interface SearchManifest {
  version: 1;
  /** Every change to notes and comments up to this time (ms) is reflected in the index. */
  syncedAt: number;
  shards: ShardEntry[];
  /** Pagefind bundle holding the current version of every note in `recentIds` that is public, or null when none is. */
  recent: string | null;
  /** Notes changed since their shard was built: shard results for these ids are stale and dropped. */
  recentIds: number[];
}

/** Meta fields stored with each Pagefind record (Pagefind meta values are strings). */
export interface RecordMeta {
  id: string;
  title: string;
  author: string;
  /** Publication time in ms since the epoch. */
  date: string;
  kind: 'note' | 'aar';
  tags: string;
  /** Which bundle the record was written to: a shard number or "recent". */
  segment: string;
}

/** An index with nothing in it yet. */
export function emptyManifest(): SearchManifest {
  return { version: 1, syncedAt: 0, shards: [], recent: null, recentIds: [] };
}
