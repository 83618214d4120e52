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
  /** Notes taken out of this copy since it was built (their text is in no file of it): see prune.ts. */
  removed?: number[];
}

export interface SearchManifest {
  version: 1;
  /**
   * What records hold (DOCUMENT_FORMAT when the shards were last all built). Absent = 1. An index of
   * an older format is rebuilt in the background when the server starts.
   */
  format?: number;
  /** Note ids per shard: shard n holds ids n*shardSize+1 … (n+1)*shardSize. */
  shardSize: number;
  /** Every change to notes and comments up to this time (ms) is reflected in the index. */
  syncedAt: number;
  shards: ShardEntry[];
  /** Pagefind bundle holding the current version of every note in `recentIds` that is public, or null when none is. */
  recent: string | null;
  /** Notes changed since their shard was built: shard results for these ids are stale and dropped. */
  recentIds: number[];
  /** Pagefind bundle of every public knowledge asset (issue 26), or null/absent when there is none. */
  assets?: string | null;
  /** What the assets bundle was built from (asset-documents.ts): a different key rebuilds it. */
  assetsKey?: string;
}

/** Meta fields stored with each Pagefind record (Pagefind meta values are strings). */
export interface RecordMeta {
  id: string;
  title: string;
  author: string;
  /** Publication time in ms since the epoch. */
  date: string;
  kind: 'note' | 'aar' | 'question' | 'asset';
  tags: string;
  /** Which bundle the record was written to: a shard number, "recent" or "assets". */
  segment: string;
}

/** Notes per shard unless a new index asks otherwise. Pagefind's metadata costs ~7 compressed bytes per note, fetched per loaded shard. */
const SHARD_SIZE = 10_000;

/** An index with nothing in it yet. */
/**
 * Bump when indexed records change in what they hold or leave out, so existing indexes get rebuilt.
 * 2: pending comments and suspended accounts' content left out; community and province filters.
 * 3: event filter (the id of the event a note is about).
 */
export const DOCUMENT_FORMAT = 3;

export function emptyManifest(shardSize = SHARD_SIZE): SearchManifest {
  return { version: 1, shardSize, syncedAt: 0, shards: [], recent: null, recentIds: [] };
}
