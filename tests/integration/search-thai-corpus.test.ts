/**
 * Our Thai query set through the real index (Pagefind bundles written from a migrated database,
 * searched with the page's own code): recall and precision per query class must reach 0.98.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { CORPUS_QUERIES, type QueryClass } from '../fixtures/thai-search-corpus.ts';
import { loadCorpus } from '../helpers/search-corpus-db.ts';
import { createSearchTestDb, type SearchTestDb } from '../helpers/search-db.ts';

const TARGET = 0.98;
let testDb: SearchTestDb;
let keyById: Map<number, string>;
let search: Awaited<ReturnType<typeof openDiskSearch>>['search'];

beforeAll(async () => {
  testDb = createSearchTestDb();
  keyById = new Map([...loadCorpus(testDb.db)].map(([key, id]) => [id, key]));
  await refreshSearchIndex(testDb.db, testDb.indexDir, { rebuild: 'all' });
  ({ search } = await openDiskSearch(testDb.indexDir));
});
afterAll(async () => {
  await closePagefind();
  testDb?.close();
});

describe('Thai search quality on our corpus', () => {
  it(`has at least 30 queries covering every class`, () => {
    expect(CORPUS_QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CORPUS_QUERIES.map((query) => query.class)).size).toBe(6);
  });

  it(`reaches recall and precision ≥ ${TARGET} in every query class`, async () => {
    const totals = new Map<QueryClass, { relevantFound: number; relevant: number; returned: number }>();
    const misses: string[] = [];
    for (const { query, class: queryClass, expected } of CORPUS_QUERIES) {
      const { hits } = await search(query, { limit: 100 });
      const got = hits.map((hit) => keyById.get(hit.id)!);
      const found = got.filter((key) => expected.includes(key)).length;
      const total = totals.get(queryClass) ?? { relevantFound: 0, relevant: 0, returned: 0 };
      totals.set(queryClass, {
        relevantFound: total.relevantFound + found,
        relevant: total.relevant + expected.length,
        returned: total.returned + got.length,
      });
      if (found !== expected.length || got.length !== found)
        misses.push(`${query}: got ${got.sort().join(',')} expected ${[...expected].sort().join(',')}`);
    }
    const report = Object.fromEntries(
      [...totals].map(([queryClass, t]) => [
        queryClass,
        { recall: t.relevantFound / t.relevant, precision: t.returned ? t.relevantFound / t.returned : 1 },
      ]),
    );
    for (const [queryClass, { recall, precision }] of Object.entries(report)) {
      expect(recall, `${queryClass} recall; ${misses.join(' | ')}`).toBeGreaterThanOrEqual(TARGET);
      expect(precision, `${queryClass} precision; ${misses.join(' | ')}`).toBeGreaterThanOrEqual(TARGET);
    }
  });

  it('shows excerpts as the original unspaced Thai with the match marked', async () => {
    const { hits } = await search('ชุมชน');
    const excerpt = hits.find((hit) => keyById.get(hit.id) === 'n1')!.excerptHtml;
    expect(excerpt).toContain('ขบวนองค์กร<mark>ชุมชน</mark>สู่สังคม');
    expect(excerpt).not.toContain('\u200B');
  });

  it('filters by type, tag and author', async () => {
    const keys = async (query: string, filters: Parameters<typeof search>[1]) =>
      (await search(query, filters)).hits.map((hit) => keyById.get(hit.id)).sort();
    expect(await keys('AAR', { filters: { kind: 'aar' } })).toEqual(['n32', 'n33']);
    expect(await keys('KM', { filters: { tag: 'KM', author: 'malee' } })).toEqual(['n31']);
    expect(await keys('ชุมชน', { filters: { author: 'malee' } })).toEqual(['n2', 'n3']);
  });

  it('sorts by newest first when asked', async () => {
    const { hits } = await search('ชุมชน', { sort: 'newest' });
    expect(hits.map((hit) => keyById.get(hit.id))).toEqual(['n3', 'n2', 'n1']);
  });
});
