/**
 * Keeps the index current without rebuilding it whole on every publish.
 *
 * Notes are split by id into shards (SHARD_SIZE ids), each its own Pagefind bundle, rebuilt rarely.
 * Every note changed since its shard was built sits in a small "recent" bundle, rebuilt on each
 * change, and its shard copy is listed as stale in the manifest. Cost per publish therefore grows
 * with the number of recent changes (kept under RECENT_LIMIT by compaction), not with the corpus.
 * See docs/decisions/0003-search-index.md.
 */
import type { Db } from '../../../../db/client.ts';
import { DOCUMENT_FORMAT, type SearchManifest, type ShardEntry } from '../../search/manifest.ts';
import { findNotesChangedSince, getMaxNoteId, loadDocumentsById, loadDocumentsInRange } from './documents.ts';
import { writeBundle } from './bundle.ts';
import { readManifest, removeUnusedBundles, withIndexLock, writeManifest } from './store.ts';

/** Above this many recent notes, the shards they belong to are rebuilt (compaction). */
export const RECENT_LIMIT = 500;
/** Changes are rescanned from a little before the last scan, for writes that committed late. */
const CHANGE_SCAN_OVERLAP_MS = 5_000;

export type Progress = (message: string) => void;

export interface RefreshOptions {
  /** Shards to rebuild from the database ("all" = full rebuild). Omit for a recent-only update. */
  rebuild?: number[] | 'all';
  /** Notes known to have changed (from the write hook), in addition to the timestamp scan. */
  noteIds?: number[];
  onProgress?: Progress;
  /** Shard size of a new index (tests use tiny shards); an existing index keeps its own. */
  shardSize?: number;
}

export interface RefreshResult {
  manifest: SearchManifest;
  /** Shards whose notes crowd the recent bundle; rebuild them when `recentIds` passes RECENT_LIMIT. */
  compactionCandidates: number[];
}

const shardOf = (noteId: number, shardSize: number) => Math.floor((noteId - 1) / shardSize);

async function buildShards(db: Db, root: string, shards: number[], shardSize: number, onProgress: Progress): Promise<ShardEntry[]> {
  const built: ShardEntry[] = [];
  for (const [position, shard] of shards.entries()) {
    const builtAt = Date.now();
    const documents = loadDocumentsInRange(db, shard * shardSize + 1, (shard + 1) * shardSize);
    if (documents.length) {
      const dir = await writeBundle(root, `s${shard}`, String(shard), documents);
      built.push({ shard, dir, notes: documents.length, builtAt });
    }
    onProgress(`shard ${position + 1}/${shards.length}: ${documents.length} notes`);
  }
  return built;
}

/**
 * Brings the index up to date: rebuilds the requested shards (outside the lock, however long it
 * takes), then under the lock folds in every change since the last update into the recent bundle
 * and switches the manifest. Readers see the old index until the rename, then the new one.
 */
export async function refreshSearchIndex(db: Db, root: string, options: RefreshOptions = {}): Promise<RefreshResult> {
  const onProgress = options.onProgress ?? (() => {});
  const startedAt = Date.now();
  // The first update of an empty index is a full build: a recent bundle of every note would not stay small.
  const existing = readManifest(root);
  const rebuildAll = options.rebuild === 'all' || (!options.rebuild && existing.syncedAt === 0);
  const shardSize = existing.syncedAt === 0 ? (options.shardSize ?? existing.shardSize) : existing.shardSize;
  const shardNumbers: number[] = rebuildAll
    ? Array.from({ length: shardOf(getMaxNoteId(db), shardSize) + 1 }, (_, shard) => shard)
    : Array.isArray(options.rebuild) ? options.rebuild : [];
  const rebuilt = await buildShards(db, root, shardNumbers, shardSize, onProgress);
  const rebuiltSet = new Set(shardNumbers);

  const manifest = await withIndexLock(root, async () => {
    const previous = readManifest(root);
    const scannedAt = Date.now();
    const changed = findNotesChangedSince(db, previous.syncedAt - CHANGE_SCAN_OVERLAP_MS);
    const recent = new Set([...previous.recentIds, ...changed, ...(options.noteIds ?? [])].filter((id) => !rebuiltSet.has(shardOf(id, shardSize))));
    if (rebuiltSet.size) for (const id of findNotesChangedSince(db, startedAt - CHANGE_SCAN_OVERLAP_MS)) recent.add(id);
    const recentIds = [...recent].sort((a, b) => a - b);

    // NOTE: an empty site still gets a manifest, so readers and /healthz see that an index exists.
    const unchanged = previous.syncedAt !== 0 && !rebuilt.length && !rebuiltSet.size && recentIds.length === previous.recentIds.length && !changed.length && !options.noteIds?.length;
    if (unchanged) return previous;

    const documents = loadDocumentsById(db, recentIds);
    let recentDir: string | null = null;
    if (documents.length) {
      recentDir = await writeBundle(root, 'recent', 'recent', documents);
    }
    const shards = [...previous.shards.filter((entry) => !rebuiltSet.has(entry.shard)), ...rebuilt].sort((a, b) => a.shard - b.shard);
    const format = rebuildAll ? DOCUMENT_FORMAT : previous.format;
    const next: SearchManifest = { version: 1, ...(format ? { format } : {}), shardSize, syncedAt: scannedAt, shards, recent: recentDir, recentIds };
    writeManifest(root, next);
    onProgress(`recent: ${documents.length} notes (${recentIds.length} changed since their shard was built)`);
    return next;
  });
  removeUnusedBundles(root, manifest);

  const perShard = new Map<number, number>();
  for (const shard of manifest.recentIds.map((id) => shardOf(id, shardSize))) perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
  const compactionCandidates = manifest.recentIds.length > RECENT_LIMIT
    ? [...perShard.entries()].sort((a, b) => b[1] - a[1]).slice(0, 1).map(([shard]) => shard)
    : [];
  return { manifest, compactionCandidates };
}
