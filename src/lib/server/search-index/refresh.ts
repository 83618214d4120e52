/**
 * Keeps the index current without rebuilding it whole on every publish.
 *
 * Notes are split by id into shards (SHARD_SIZE ids), each its own Pagefind bundle, rebuilt rarely.
 * Every note changed since its shard was built sits in a small "recent" bundle, rebuilt on each
 * change, and its shard copy is listed as stale in the manifest. Cost per publish therefore grows
 * with the number of recent changes (kept under RECENT_LIMIT by compaction), not with the corpus.
 * See docs/decisions/0003-search-index.md.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../../db/client.ts';
import { DOCUMENT_FORMAT, type SearchManifest, type ShardEntry } from '../../search/manifest.ts';
import { findNotesChangedSince, getMaxNoteId, loadSourcesById, loadSourcesInRange, type SearchDocument } from './documents.ts';
import { assetsKey, loadAssetDocuments } from './asset-documents.ts';
import { writeBundle, writeBundleFrom } from './bundle.ts';
import { prepareDocument, type PreparedDocument } from './prepare.ts';
import { pruneBundle } from './prune.ts';
import { cachedRecordKey, cacheRecord, keepCachedRecords, readCachedRecord, sourceKey } from './record-cache.ts';
import {
  clearRebuildProgress,
  readRebuildProgress,
  readManifest,
  recordBundlesBeingBuilt,
  removeUnusedBundles,
  withIndexLock,
  writeManifest,
  writeRebuildProgress,
  type RebuildProgress,
} from './store.ts';
import { buildShardsInProcesses } from './shard-processes.ts';

/** Above this many recent notes, the shards they belong to are rebuilt (compaction). */
const RECENT_LIMIT = 500;
/** Changes are rescanned from a little before the last scan, for writes that committed late. */
const CHANGE_SCAN_OVERLAP_MS = 5_000;

type Progress = (message: string) => void;

export interface RefreshOptions {
  /** Shards to rebuild from the database ("all" = full rebuild). Omit for a recent-only update. */
  rebuild?: number[] | 'all';
  /** Notes known to have changed (from the write hook), in addition to the timestamp scan. */
  noteIds?: number[];
  onProgress?: Progress;
  /** Shard size of a new index (tests use tiny shards); an existing index keeps its own. */
  shardSize?: number;
  /** Told before a note's record is made in an update (so a failure can name the note it was on). */
  onPrepare?: (noteId: number, markdownChars: number) => void;
  /** Told when a note's indexed text was cut (size cap or time budget, prepare.ts). */
  onTruncated?: (noteId: number, truncated: NonNullable<PreparedDocument['truncated']>) => void;
  /** For tests: how a note's record is made (default prepareDocument). */
  prepare?: typeof prepareDocument;
  /**
   * Child processes building shards at once (scripts/search-index-shard.ts; `npm run index` gives
   * one per core). 1 (the default, and always with `prepare`): shards are built in this process.
   */
  processes?: number;
}

export interface RefreshResult {
  manifest: SearchManifest;
  /** Notes whose indexed text was cut in this update (prepare.ts). */
  truncated: number[];
  /** Shards whose notes crowd the recent bundle; rebuild them when `recentIds` passes RECENT_LIMIT. */
  compactionCandidates: number[];
}

const shardOf = (noteId: number, shardSize: number) => Math.floor((noteId - 1) / shardSize);

/**
 * Notes read and prepared at a time while building a shard: Pagefind indexes one batch while the
 * next is read, and the event loop is free between batches to keep feeding it.
 */
const READ_BATCH = 500;
/**
 * Shards built at once. Reading (our process: SQL, Markdown, Thai word marks) and indexing
 * (Pagefind's process) take turns within one shard; a second shard keeps both busy.
 */
const SHARDS_IN_FLIGHT = 2;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Builds one shard's bundle from the database (here, or in a shard process: scripts/search-index-shard.ts). */
export async function buildShard(
  db: Db,
  root: string,
  shard: number,
  shardSize: number,
  onPlaced: (dir: string) => void,
): Promise<{ entry?: ShardEntry; notes: number; readMs: number }> {
  const builtAt = Date.now();
  let readMs = 0;
  async function* batches(): AsyncGenerator<SearchDocument[]> {
    for (let first = shard * shardSize + 1; first <= (shard + 1) * shardSize; first += READ_BATCH) {
      const readAt = Date.now();
      const documents = loadSourcesInRange(db, first, Math.min(first + READ_BATCH - 1, (shard + 1) * shardSize)).map((source) =>
        prepareDocument(source),
      );
      readMs += Date.now() - readAt;
      if (documents.length) yield documents;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const written = await writeBundleFrom(root, `s${shard}`, String(shard), batches(), onPlaced);
  return { entry: written ? { shard, dir: written.dir, notes: written.notes, builtAt } : undefined, notes: written?.notes ?? 0, readMs };
}

interface BuildPlan {
  shards: number[];
  shardSize: number;
  processes: number;
  /** A full rebuild's record of its finished shards (store.ts), to resume from after a crash. */
  progress?: RebuildProgress;
}

async function buildShards(db: Db, root: string, plan: BuildPlan, onProgress: Progress): Promise<ShardEntry[]> {
  const { shards, shardSize, progress } = plan;
  const built: ShardEntry[] = [];
  // Each bundle is kept from other writers' clean-up from the moment it has its name until the manifest names it.
  const placed: string[] = [];
  const onPlaced = (dir: string) => {
    placed.push(dir);
    recordBundlesBeingBuilt(root, placed);
  };
  // Shards a crashed rebuild finished (their bundles still on disk) are kept, not built again.
  const resumed = progress ? shards.flatMap((shard) => progress.shards.filter((entry) => entry.shard === shard)) : [];
  const finished = resumed.filter((entry) => existsSync(join(root, entry.dir)));
  for (const entry of finished) {
    onPlaced(entry.dir);
    built.push(entry);
  }
  if (finished.length) onProgress(`resuming: ${finished.length} of ${shards.length} shards were finished by an earlier rebuild`);
  const skip = new Set(finished.map((entry) => entry.shard));
  const todo = shards.filter((shard) => !skip.has(shard));
  let done = finished.length;
  const startedAt = new Map<number, number>();
  const onBuilt = ({ shard, entry, notes, readMs }: { shard: number; entry?: ShardEntry; notes: number; readMs: number }) => {
    if (entry) built.push(entry);
    if (progress) {
      if (entry) progress.shards.push(entry);
      progress.empty.push(...(entry ? [] : [shard]));
      writeRebuildProgress(root, progress);
    }
    onProgress(
      `shard ${++done}/${shards.length} (s${shard}): ${notes} notes in ${seconds(Date.now() - (startedAt.get(shard) ?? Date.now()))} (reading ${seconds(readMs)})`,
    );
  };
  const withoutEmpty = progress ? todo.filter((shard) => !progress.empty.includes(shard)) : todo;
  const databasePath = db.$client.name;
  if (plan.processes > 1 && withoutEmpty.length > 1 && databasePath !== ':memory:' && databasePath !== '') {
    for (const shard of withoutEmpty) startedAt.set(shard, Date.now()); // handed out in turn: times below are from the start
    await buildShardsInProcesses(withoutEmpty, { shardSize, root, databasePath }, plan.processes, onPlaced, onBuilt);
  } else {
    let next = 0;
    const buildNext = async (): Promise<void> => {
      while (next < withoutEmpty.length) {
        const shard = withoutEmpty[next++]!;
        startedAt.set(shard, Date.now());
        onBuilt({ shard, ...(await buildShard(db, root, shard, shardSize, onPlaced)) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(SHARDS_IN_FLIGHT, withoutEmpty.length) }, buildNext));
  }
  return built.sort((a, b) => a.shard - b.shard);
}

/**
 * The shard's copy without the notes changed since it was built (their current text, if public,
 * is in the recent bundle): hidden, deleted and edited-out text leaves the shard's files at the
 * same update that takes it out of the recent bundle. Returns `entry` itself when nothing is stale.
 */
function withoutStaleNotes(root: string, entry: ShardEntry, recentIds: number[], shardSize: number): ShardEntry {
  const done = new Set(entry.removed ?? []);
  const stale = recentIds.filter((id) => shardOf(id, shardSize) === entry.shard && !done.has(id));
  if (!stale.length) return entry;
  const { dir, removedIds } = pruneBundle(root, entry.dir, `s${entry.shard}`, stale);
  return { ...entry, dir, notes: entry.notes - removedIds.length, removed: [...done, ...stale].sort((a, b) => a - b) };
}

/** The recent bundle without `ids`, in well under a second (no Pagefind: prune.ts). */
function pruneRecent(root: string, dir: string, ids: number[]): string {
  return pruneBundle(root, dir, 'recent', ids).dir;
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
    : Array.isArray(options.rebuild)
      ? options.rebuild
      : [];
  const rebuiltSet = new Set(shardNumbers);

  // A full rebuild records each finished shard; one that crashed is resumed from them when it is for
  // the same shards and document format (a change since its start is caught by the scan below, from its start).
  let progress: RebuildProgress | undefined;
  if (rebuildAll) {
    const earlier = readRebuildProgress(root);
    progress =
      earlier && earlier.shardSize === shardSize && earlier.format === DOCUMENT_FORMAT
        ? earlier
        : { startedAt, shardSize, format: DOCUMENT_FORMAT, shards: [], empty: [] };
    writeRebuildProgress(root, progress);
  }
  const changesSince = progress?.startedAt ?? startedAt;

  let manifest: SearchManifest;
  const truncated: number[] = [];
  try {
    const rebuilt = await buildShards(
      db,
      root,
      { shards: shardNumbers, shardSize, processes: options.prepare ? 1 : (options.processes ?? 1), progress },
      onProgress,
    );
    manifest = await withIndexLock(root, async () => {
      const previous = readManifest(root);
      const scannedAt = Date.now();
      const changed = findNotesChangedSince(db, previous.syncedAt - CHANGE_SCAN_OVERLAP_MS);
      const changedDuringRebuild = rebuiltSet.size ? findNotesChangedSince(db, changesSince - CHANGE_SCAN_OVERLAP_MS) : [];
      const recent = new Set(
        [...previous.recentIds, ...changed, ...(options.noteIds ?? [])].filter((id) => !rebuiltSet.has(shardOf(id, shardSize))),
      );
      for (const id of changedDuringRebuild) recent.add(id);
      // Notes whose served copy may be out of date: changed, named by the write hook, or changed while shards were rebuilt.
      const touched = new Set([...changed, ...(options.noteIds ?? []), ...changedDuringRebuild]);
      const recentIds = [...recent].sort((a, b) => a - b);

      const assetsKeyNow = assetsKey(db);
      const assetsChanged = assetsKeyNow !== previous.assetsKey;
      // NOTE: an empty site still gets a manifest, so readers and /healthz see that an index exists.
      const unchanged =
        previous.syncedAt !== 0 &&
        !assetsChanged &&
        !rebuilt.length &&
        !rebuiltSet.size &&
        recentIds.length === previous.recentIds.length &&
        !changed.length &&
        !options.noteIds?.length;
      if (unchanged) return previous;

      const sources = new Map(loadSourcesById(db, recentIds).map((source) => [source.id, source]));
      const keys = new Map([...sources].map(([id, source]) => [id, sourceKey(source)]));

      // 1. Removals first, on their own (hidden, deleted, suspended, edited): what the public can
      // download stops holding the old text before any new text is prepared, however long that takes.
      let served = previous;
      const inRecentBundle = new Set(previous.recentIds);
      const stale = [...touched].filter(
        (id) => !(inRecentBundle.has(id) && keys.get(id) !== undefined && keys.get(id) === cachedRecordKey(root, id)),
      );
      if (previous.syncedAt !== 0 && stale.length) {
        const staleIds = [...new Set([...previous.recentIds, ...stale])].sort((a, b) => a - b);
        const leaving = stale.filter((id) => inRecentBundle.has(id));
        served = {
          ...previous,
          shards: previous.shards.map((entry) => withoutStaleNotes(root, entry, staleIds, shardSize)),
          recent: previous.recent && leaving.length ? pruneRecent(root, previous.recent, leaving) : previous.recent,
          recentIds: staleIds,
        };
        writeManifest(root, served); // syncedAt unchanged: the additions below are still owed
        onProgress(`removed: ${stale.length} changed notes taken out of the served files`);
      }

      // 2. Additions: the recent bundle from each recent note's record, made again only when its source changed.
      const made: { key: string; document: SearchDocument }[] = [];
      const documents = recentIds.flatMap((id) => {
        const source = sources.get(id);
        if (!source) return [];
        const key = keys.get(id)!;
        const cached = readCachedRecord(root, id, key);
        if (cached) return [cached];
        options.onPrepare?.(id, source.bodyMarkdown.length);
        const { truncated: cut, ...document } = (options.prepare ?? prepareDocument)(source);
        if (cut) {
          truncated.push(id);
          options.onTruncated?.(id, cut);
        }
        made.push({ key, document });
        return [document];
      });
      let recentDir: string | null = null;
      if (documents.length) {
        recentDir = await writeBundle(root, 'recent', 'recent', documents);
      }
      // Knowledge assets: the whole (small) bundle again when any changed, which also drops one that is gone.
      let assetsDir = previous.assets ?? null;
      if (assetsChanged) {
        const assetDocuments = loadAssetDocuments(db);
        assetsDir = assetDocuments.length ? await writeBundle(root, 'assets', 'assets', assetDocuments) : null;
        onProgress(`assets: ${assetDocuments.length} knowledge assets`);
      }
      // Rebuilt shards too: a note changed while they were built is in recentIds with its old text in them.
      const shards = [...served.shards.filter((entry) => !rebuiltSet.has(entry.shard)), ...rebuilt]
        .map((entry) => withoutStaleNotes(root, entry, recentIds, shardSize))
        .sort((a, b) => a.shard - b.shard);
      const format = rebuildAll ? DOCUMENT_FORMAT : previous.format;
      const next: SearchManifest = {
        version: 1,
        ...(format ? { format } : {}),
        shardSize,
        syncedAt: scannedAt,
        shards,
        recent: recentDir,
        recentIds,
        assets: assetsDir,
        assetsKey: assetsKeyNow,
      };
      writeManifest(root, next);
      if (progress) clearRebuildProgress(root); // done: the next full rebuild starts afresh
      // Cached only once served: the removal step trusts a cached record to be what the recent bundle holds.
      for (const { key, document } of made) cacheRecord(root, key, document);
      keepCachedRecords(root, new Set(documents.map((document) => document.id)));
      // Bundles just replaced are no longer served (serve.ts); on disk they wait out the grace period for readers in progress.
      onProgress(`recent: ${documents.length} notes (${recentIds.length} changed since their shard was built; ${made.length} prepared)`);
      return next;
    });
  } finally {
    recordBundlesBeingBuilt(root, []); // named by the manifest now, or abandoned
  }
  removeUnusedBundles(root, manifest);

  const perShard = new Map<number, number>();
  for (const shard of manifest.recentIds.map((id) => shardOf(id, shardSize))) perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
  const compactionCandidates =
    manifest.recentIds.length > RECENT_LIMIT
      ? [...perShard.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 1)
          .map(([shard]) => shard)
      : [];
  return { manifest, compactionCandidates, truncated };
}
