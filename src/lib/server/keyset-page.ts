/**
 * Pages of a long list, newest first, read by number or by cursor (docs/decisions/1704): notes on
 * home, tag, profile, community and feed pages, AARs on /aar, events on /events. A list names its
 * rows by an integer id (a note id, an event id) and sorts them by (sort value, id).
 */
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { getDb } from '~db/client.ts';
import { listTotals } from './caches.ts';
import { MAX_NUMBERED_PAGE, type ListPosition, type ListTarget } from '../list-position.ts';

export interface Page<T> {
  items: T[];
  /** The page number; 0 for a page read by cursor (its number is not known). */
  page: number;
  pageCount: number;
  total: number;
  /** Lists read by cursor (list-position.ts): the link to newer rows and to older ones; null when there are none. */
  newer?: ListTarget | null;
  older?: ListTarget | null;
  /**
   * Where HTML pages redirect: the cursor address of a numbered page past MAX_NUMBERED_PAGE (whose
   * rows are listed here too, for the JSON API), or 'first' for a cursor that names no row of the list.
   */
  redirect?: ListTarget;
}

/**
 * A list read by keyset. `ids` selects the ids of the list (as `id`) within `range`, ordered by
 * (sort, id), newest first or, with `ascending`, oldest first; an index on (filter…, sort, id)
 * serves it as a range. `sortOf` is the sort value of a cursor row (one primary-key read), or
 * null/undefined when that id has no place in the list (unknown, a draft).
 */
export interface KeysetList {
  /** Names the list's cached total (caches.ts listTotals). */
  key: string;
  ids: (range?: SQL, ascending?: boolean) => SQLiteSelect;
  sort: SQLiteColumn | SQL;
  id: SQLiteColumn;
  sortOf: (id: number) => unknown;
}

/** Orders by (sort, id) newest first, or oldest first. */
export function listOrder(sort: SQLiteColumn | SQL, id: SQLiteColumn, ascending = false): SQL[] {
  return ascending ? [asc(sort), asc(id)] : [desc(sort), desc(id)];
}

function clampPage(page: number): number {
  return Number.isSafeInteger(page) && page > 0 ? page : 1;
}

/** Lists this long or shorter are counted exactly on every request; longer ones use a count at most a minute old (caches.ts listTotals). */
const EXACT_COUNT_LIMIT = 1_000;

/**
 * The number of rows `idsQuery` would list. NOTE: counting 100k public notes costs ~15 ms, so long
 * lists show a count up to a minute old (only the page count can lag); short lists are exact.
 */
function listTotal(key: string, ids: SQLiteSelect): number {
  const db = getDb();
  const cached = listTotals.get(key);
  if (cached !== undefined) return cached;
  const capped =
    db
      .select({ n: sql<number>`count(*)` })
      .from(ids.limit(EXACT_COUNT_LIMIT + 1).as('capped'))
      .get()?.n ?? 0;
  if (capped <= EXACT_COUNT_LIMIT) return capped;
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(ids.limit(-1).as('all'))
      .get()?.n ?? 0;
  listTotals.set(key, total);
  return total;
}

const idsOf = (select: SQLiteSelect) => (select.all() as { id: number }[]).map((r) => r.id);

/**
 * One page of a list. The ids come from an index alone, then `load` reads only those rows (in the
 * order given; missing ids skipped). By cursor, the page starts next to the cursor row's (sort, id):
 * an index range, as cheap at page 5,000 as at page 1. By number, OFFSET skips index entries: fine
 * for the first MAX_NUMBERED_PAGE pages; a deeper number gets a `redirect` to its cursor address instead.
 */
export function readKeysetPage<T>(list: KeysetList, position: ListPosition, perPage: number, load: (ids: number[]) => T[]): Page<T> {
  const total = listTotal(list.key, list.ids());
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  if ('page' in position && clampPage(position.page) > MAX_NUMBERED_PAGE) {
    // One index-only probe finds where the page starts; HTML pages then redirect to that address.
    const page = clampPage(position.page);
    const [lastOfPrevious] = idsOf(
      list
        .ids()
        .limit(1)
        .offset((page - 1) * perPage - 1),
    );
    if (lastOfPrevious === undefined) return { items: [], page, pageCount, total, newer: 'first', older: null };
    return { ...readKeysetPage(list, { before: lastOfPrevious }, perPage, load), page, redirect: { before: lastOfPrevious } };
  }
  let pageIds: number[];
  let page = 0;
  let newer: ListTarget | null;
  let older: ListTarget | null;
  if ('page' in position) {
    page = clampPage(position.page);
    const rows = idsOf(
      list
        .ids()
        .limit(perPage + 1)
        .offset((page - 1) * perPage),
    );
    pageIds = rows.slice(0, perPage);
    newer = page === 1 ? null : page === 2 || pageIds.length === 0 ? 'first' : { after: pageIds[0]! };
    older = rows.length > perPage ? { before: pageIds.at(-1)! } : null;
  } else {
    const cursor = 'before' in position ? position.before : position.after;
    const value = list.sortOf(cursor);
    if (value == null) return { items: [], page, pageCount, total, newer: null, older: null, redirect: 'first' };
    if ('before' in position) {
      const rows = idsOf(list.ids(sql`(${list.sort}, ${list.id}) < (${value}, ${cursor})`).limit(perPage + 1));
      pageIds = rows.slice(0, perPage);
      older = rows.length > perPage ? { before: pageIds.at(-1)! } : null;
      // Links back to newer rows unless nothing is newer than this page (then only "หน้าแรก").
      const first = pageIds[0] ?? cursor;
      newer = newerThan(list, first) ? { after: first } : null;
    } else {
      const rows = idsOf(list.ids(sql`(${list.sort}, ${list.id}) > (${value}, ${cursor})`, true).limit(perPage + 1));
      if (rows.length === 0) return { items: [], page, pageCount, total, newer: null, older: null, redirect: 'first' };
      pageIds = rows.slice(0, perPage).reverse();
      newer = rows.length > perPage ? { after: pageIds[0]! } : null;
      older = { before: pageIds.at(-1)! };
    }
  }
  return { items: pageIds.length === 0 ? [] : load(pageIds), page, pageCount, total, newer, older };
}

/** Whether the list has a row newer than row `id` (one index probe). */
function newerThan(list: KeysetList, id: number): boolean {
  const value = list.sortOf(id);
  return value != null && idsOf(list.ids(sql`(${list.sort}, ${list.id}) > (${value}, ${id})`, true).limit(1)).length > 0;
}
