/**
 * The search itself, shared by the /search page (browser) and `npm run search` (Node): Pagefind
 * finds candidates across the shards and the recent index, then each candidate is checked
 * against the precise Thai rules in ./match.ts and stale shard copies are dropped.
 */
import { buildExcerpt } from './excerpt.ts';
import { matchQuery, prepareText, type MatchStrength, type Range } from './match.ts';
import type { RecordMeta, SearchManifest } from './manifest.ts';
import { longestPhraseWords, pagefindQueries, parseQuery } from './query.ts';

/** In the browser, load shards (newest first) until this many notes are searchable before the first answer. */
const FIRST_BATCH_NOTES = 10_000;
/** Candidates are fetched and checked this many at a time. */
const VERIFY_BATCH = 12;
/** In the browser, at most this many candidates are fetched per call; "more" continues. Bounds transfer. */
const MAX_CHECKS_PER_CALL = 40;

/** The part of Pagefind's JS API this module uses. */
export interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(basePath: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string, options?: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
  /** Loads the index chunks a term will need (search-as-you-type); the wasm and metadata load with the first call. */
  preload(term: string, options?: Record<string, unknown>): Promise<void>;
}
interface PagefindResult {
  id: string;
  score: number;
  /** Positions of the matched index words in the page, known before its fragment is fetched. */
  words?: number[];
  data(): Promise<{ url: string; raw_content?: string; content: string; meta: Record<string, string> }>;
}

type SearchSort = 'relevance' | 'newest';
export interface SearchFilters {
  kind?: 'note' | 'aar' | 'asset';
  tag?: string;
  author?: string;
  /** Community name (notes filed into it). */
  community?: string;
  /** Province name of an AAR. */
  province?: string;
  /** Id of the event the note is about. */
  event?: string;
}
export interface SearchOptions {
  filters?: SearchFilters;
  sort?: SearchSort;
  limit?: number;
}

export interface SearchHit {
  id: number;
  title: string;
  url: string;
  excerptHtml: string;
  author: string;
  date: number;
  kind: RecordMeta['kind'];
  tags: string[];
}

export interface SearchAnswer {
  hits: SearchHit[];
  /** Loose when nothing matched the marks as typed and hits ignore marks instead. */
  strength: MatchStrength;
  /** False when older shards were not searched yet or more candidates remain unchecked. */
  complete: boolean;
}

interface Checked {
  strength: MatchStrength;
  hit?: SearchHit;
}

export interface SearchClientOptions {
  /** URL of the index root, ending in "/". */
  baseUrl: string;
  manifest: SearchManifest;
  /** Imports Pagefind's pagefind.js from the given URL (a fresh module per client). */
  importPagefind(url: string): Promise<PagefindApi>;
  /** Search every shard from the first query (CLI and tests); the browser loads them as needed. */
  loadAllShards?: boolean;
  /** Notes to make searchable before the first answer, and per further step (default FIRST_BATCH_NOTES). */
  batchNotes?: number;
}

/** True when `positions` holds `length` consecutive word positions: the words may form the phrase. */
function hasRun(positions: number[] | undefined, length: number): boolean {
  if (length <= 1 || !positions) return true;
  const set = new Set(positions);
  return positions.some((start) => Array.from({ length }, (_, i) => start + i).every((at) => set.has(at)));
}

/**
 * The excerpt skips the title (the record starts with it, and the result shows it as its heading)
 * unless the title is the only place that matched.
 */
function excerptOf(title: string, text: string, ranges: Range[]): string {
  const bodyStart = text.startsWith(title) ? title.length + 1 : 0;
  const inBody = ranges.filter(([from]) => from >= bodyStart);
  if (!bodyStart || !inBody.length) return buildExcerpt(text, ranges);
  return buildExcerpt(
    text.slice(bodyStart),
    inBody.map(([from, to]): Range => [from - bodyStart, to - bodyStart]),
  );
}

function toHit(meta: RecordMeta, url: string, text: string, ranges: Range[]): SearchHit {
  return {
    id: Number(meta.id),
    title: meta.title,
    url,
    excerptHtml: excerptOf(meta.title, text, ranges),
    author: meta.author,
    date: Number(meta.date),
    kind: meta.kind,
    tags: meta.tags ? meta.tags.split(', ') : [],
  };
}

/** Opens the index described by `manifest`; the returned `search` may be called many times. */
export async function createSearchClient(options: SearchClientOptions) {
  const { manifest, baseUrl } = options;
  const stale = new Set(manifest.recentIds);
  // Newest shards first: they answer most queries, and older ones load only when needed.
  const pending = [...manifest.shards].sort((a, b) => b.shard - a.shard).map((entry) => ({ dir: entry.dir, notes: entry.notes }));
  if (manifest.recent) pending.unshift({ dir: manifest.recent, notes: manifest.recentIds.length });
  const primary = pending.shift();
  // Knowledge assets (a small bundle) are searched from the first query, right after the primary
  // bundle: the primary stays the one search-warmup.ts fetches ahead.
  if (manifest.assets) {
    if (primary) pending.unshift({ dir: manifest.assets, notes: 0 });
    else pending.push({ dir: manifest.assets, notes: 0 });
  }
  const first = primary ?? pending.shift();
  if (!first)
    return { search: async (): Promise<SearchAnswer> => ({ hits: [], strength: 'none', complete: true }), preload: async () => undefined };

  const pagefind = await options.importPagefind(`${baseUrl}${first.dir}/pagefind.js`);
  await pagefind.options({ basePath: `${baseUrl}${first.dir}/`, baseUrl: '/' });
  let loadedNotes = first.notes;
  const checked = new Map<string, Checked>();

  async function loadShardsUntil(totalNotes: number): Promise<void> {
    while (pending.length && loadedNotes < totalNotes) {
      const next = pending.shift()!;
      await pagefind.mergeIndex(`${baseUrl}${next.dir}/`);
      loadedNotes += next.notes;
    }
  }
  const batchNotes = options.batchNotes ?? FIRST_BATCH_NOTES;
  await loadShardsUntil(options.loadAllShards ? Infinity : batchNotes);

  async function check(result: PagefindResult, query: ReturnType<typeof parseQuery>): Promise<Checked> {
    const data = await result.data();
    const meta = data.meta as unknown as RecordMeta;
    // Asset ids are not note ids: only shard copies of notes can be stale.
    if (meta.segment !== 'recent' && meta.segment !== 'assets' && stale.has(Number(meta.id))) return { strength: 'none' };
    const prepared = prepareText(data.raw_content ?? data.content);
    const { strength, ranges } = matchQuery(query, prepared);
    return strength === 'none' ? { strength } : { strength, hit: toHit(meta, data.url, prepared.display, ranges) };
  }

  /** Finds up to `limit` notes matching `raw`, loading older shards while too few are found. */
  async function search(raw: string, { filters = {}, sort = 'relevance', limit = 20 }: SearchOptions = {}): Promise<SearchAnswer> {
    const query = parseQuery(raw);
    const terms = pagefindQueries(query);
    const phraseWords = longestPhraseWords(query);
    const checkLimit = options.loadAllShards ? Infinity : MAX_CHECKS_PER_CALL;
    let checks = 0;
    if (!terms.length) return { hits: [], strength: 'none', complete: true };
    const pagefindFilters = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
    const cacheKey = `${raw}\u0000${JSON.stringify(pagefindFilters)}\u0000`;
    for (;;) {
      const lists = await Promise.all(terms.map((term) => pagefind.search(term, { filters: pagefindFilters })));
      const seen = new Set<string>();
      const candidates = lists
        .flatMap((list) => list?.results ?? [])
        .sort((a, b) => b.score - a.score)
        .filter((result) => !seen.has(result.id) && seen.add(result.id))
        // Pages where the words of a compound sit next to each other are checked first (stable sort).
        .sort((a, b) => Number(hasRun(b.words, phraseWords)) - Number(hasRun(a.words, phraseWords)));
      const exact: SearchHit[] = [];
      const loose: SearchHit[] = [];
      let next = 0;
      // NOTE: records carry no Pagefind sort key (it adds ~3 compressed bytes per note to every shard's
      // metadata), so "newest" checks as many candidates as allowed and orders what matched by date:
      // exact in the CLI, newest among the best matches of the loaded shards in the browser.
      const wanted = sort === 'newest' ? Infinity : limit;
      while (next < candidates.length && exact.length < wanted && (exact.length || loose.length < wanted) && checks < checkLimit) {
        const batch = candidates.slice(next, next + VERIFY_BATCH);
        next += batch.length;
        const outcomes = await Promise.all(
          batch.map(async (result) => {
            const key = cacheKey + result.id;
            let outcome = checked.get(key);
            if (!outcome) {
              checks += 1; // only fetched fragments count against the transfer budget
              checked.set(key, (outcome = await check(result, query)));
            }
            return outcome;
          }),
        );
        for (const { strength, hit } of outcomes) {
          if (strength === 'exact') exact.push(hit!);
          else if (strength === 'loose') loose.push(hit!);
        }
      }
      const enough = (exact.length || loose.length) >= limit;
      if (!enough && pending.length && checks < checkLimit) {
        await loadShardsUntil(loadedNotes + batchNotes);
        continue;
      }
      const matched = exact.length ? exact : loose;
      if (sort === 'newest') matched.sort((a, b) => b.date - a.date);
      const hits = matched.slice(0, limit);
      return {
        hits,
        strength: exact.length ? 'exact' : loose.length ? 'loose' : 'none',
        complete: !pending.length && next >= candidates.length,
      };
    }
  }

  /** Fetches what searching `raw` will need, while the person is still typing. */
  async function preload(raw: string): Promise<void> {
    await Promise.all(pagefindQueries(parseQuery(raw)).map((term) => pagefind.preload(term)));
  }

  return { search, preload };
}
