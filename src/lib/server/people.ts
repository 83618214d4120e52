/**
 * The people directory (/people, /api/people) and the profile facts it lists: position,
 * expertise (ความเชี่ยวชาญ) and whether the member shows in the directory. Email is never read here.
 *
 * NOTE: at 100k members every list is read from an index: partial indexes hold only listed members
 * in each order (users.note_count and users.last_active_at are kept by triggers, migration 0007),
 * expertise has a (name, user) index, and names and organisations a trigram full-text index
 * (people_fts). bench/people.ts prints the times and plans.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { tags, userExpertise, users, noteTags } from '~db/schema.ts';
import type { DirectoryQuery } from '../people-validation.ts';
import { directoryTotals, expertiseSuggestions } from './caches.ts';

const PEOPLE_PER_PAGE = 24;
/** Must read exactly like the partial indexes' condition (db/schema.ts DIRECTORY_LISTED) for SQLite to use them. */
const DIRECTORY_LISTED_SQL = 'hidden_from_directory = 0 AND suspended_at IS NULL';
/** Expertise tags shown on a directory entry (the profile shows all of them). */
export const ENTRY_EXPERTISE = 3;

export interface DirectoryEntry {
  username: string;
  displayName: string;
  organisation: string | null;
  province: string | null;
  position: string | null;
  /** The profile photo's upload (src/lib/avatar.ts), null for initials. */
  avatarUploadId: string | null;
  expertise: string[];
  noteCount: number;
  lastActiveAt: Date | null;
}

export interface DirectoryPage {
  items: DirectoryEntry[];
  page: number;
  pageCount: number;
  total: number;
}

/** `%…%` for LIKE with the user's own % and _ taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The trigram index matches 3 or more characters; shorter text is looked for with LIKE (a scan). */
const TRIGRAM = 3;
/** An FTS5 phrase: the text in double quotes, its own quotes doubled (no operators reach FTS5). */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The WHERE clause (after the listed condition) and its parameters for a query's filters. */
function filters(query: DirectoryQuery): { where: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const text = (column: 'name' | 'organisation', value: string) => {
    if ([...value].length >= TRIGRAM) {
      // A name matches few people: look each up by id. An organisation may match thousands: walk the
      // listed members in page order and test each against the matches ("+id" keeps SQLite from
      // looking up every match and sorting them all).
      where.push(`${column === 'name' ? 'id' : '+id'} IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)`);
      params.push(`${column === 'name' ? '{display_name username}' : 'organisation'} : ${phrase(value)}`);
    } else if (column === 'name') {
      where.push("(display_name LIKE ? ESCAPE '\\' OR username LIKE ? ESCAPE '\\')");
      params.push(likePattern(value), likePattern(value));
    } else {
      where.push("organisation LIKE ? ESCAPE '\\'");
      params.push(likePattern(value));
    }
  };
  if (query.q) text('name', query.q);
  if (query.province) {
    where.push('province = ?');
    params.push(query.province);
  }
  if (query.organisation) text('organisation', query.organisation);
  if (query.expertise) {
    // A part of the word, as search finds words inside Thai compounds: "ชุมชน" finds "แผนชุมชน" and
    // "กองทุนสวัสดิการชุมชน" (issue 24). The LIKE walks the (name, user_id) index, not the table;
    // "+id" as for organisations above (a popular expertise matches many).
    where.push("+id IN (SELECT user_id FROM user_expertise WHERE name LIKE ? ESCAPE '\\')");
    params.push(likePattern(query.expertise));
  }
  return { where: where.map((w) => ` AND ${w}`).join(''), params };
}

const ORDERS = {
  active: 'last_active_at DESC, id DESC',
  notes: 'note_count DESC, id DESC',
} as const;

/** Totals this large or smaller are counted exactly on every request; larger ones are kept a minute per process. */
const EXACT_COUNT_LIMIT = 1_000;

/**
 * How many members match. NOTE: counting all ~100k listed members costs several ms even from the
 * index, so a long list shows a total up to a minute old (only "พบ N คน" and the page count can
 * lag); short lists are exact. SQLite does not pick a partial index for count(*) by itself (it
 * scanned the whole table, ~70 ms): `index` names the one to count from.
 */
function countMatches(where: string, params: (string | number)[], index: string): number {
  const sqlite = getDb().$client;
  const from = `FROM users${index ? ` INDEXED BY ${index}` : ''} WHERE ${DIRECTORY_LISTED_SQL}${where}`;
  const key = `${from}\n${JSON.stringify(params)}`;
  const kept = directoryTotals.get(key);
  if (kept !== undefined) return kept;
  const capped = sqlite
    .prepare(`SELECT count(*) FROM (SELECT id ${from} LIMIT ${EXACT_COUNT_LIMIT + 1})`)
    .pluck()
    .get(...params) as number;
  if (capped <= EXACT_COUNT_LIMIT) return capped;
  const total = sqlite
    .prepare(`SELECT count(*) ${from}`)
    .pluck()
    .get(...params) as number;
  directoryTotals.set(key, total);
  return total;
}

/** The partial index to count from: none for a name search (its few matches are looked up by id). */
function countIndexFor(query: DirectoryQuery): string {
  if (query.q) return '';
  return query.province ? 'users_directory_province_active_idx' : 'users_directory_active_idx';
}

/**
 * One page of the directory for this query (filters combine; sort by recent activity or note count).
 * The page's ids come from a partial index alone, then only those members are loaded.
 */
export function listPeople(query: DirectoryQuery): DirectoryPage {
  const sqlite = getDb().$client;
  const { where, params } = filters(query);
  const from = `FROM users WHERE ${DIRECTORY_LISTED_SQL}${where}`;
  const total = countMatches(where, params, countIndexFor(query));
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PER_PAGE));
  const page = Math.min(query.page, pageCount);
  const ids = sqlite
    .prepare(`SELECT id ${from} ORDER BY ${ORDERS[query.sort]} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, PEOPLE_PER_PAGE, (page - 1) * PEOPLE_PER_PAGE) as number[];
  const rows =
    ids.length === 0
      ? []
      : getDb()
          .select({
            id: users.id,
            username: users.username,
            displayName: users.displayName,
            organisation: users.organisation,
            province: users.province,
            position: users.position,
            avatarUploadId: users.avatarUploadId,
            noteCount: users.noteCount,
            lastActiveAt: users.lastActiveAt,
          })
          .from(users)
          .where(inArray(users.id, ids))
          .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const expertise = getExpertiseOf(ids);
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { id: _id, ...entry } = row;
    return [{ ...entry, expertise: expertise.get(id) ?? [] }];
  });
  return { items, page, pageCount, total };
}

/** Forgets the remembered totals (the bench times a first, uncached request). */
export function forgetDirectoryCounts(): void {
  directoryTotals.clear();
}

/** Each member's expertise in their own order. */
function getExpertiseOf(userIds: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (userIds.length === 0) return map;
  const rows = getDb()
    .select({ userId: userExpertise.userId, name: userExpertise.name })
    .from(userExpertise)
    .where(inArray(userExpertise.userId, userIds))
    .orderBy(asc(userExpertise.userId), asc(userExpertise.position))
    .all();
  for (const row of rows) {
    const list = map.get(row.userId) ?? [];
    list.push(row.name);
    map.set(row.userId, list);
  }
  return map;
}

export function getExpertise(userId: number): string[] {
  return getExpertiseOf([userId]).get(userId) ?? [];
}

/** Replaces a member's expertise (already validated: at most 10, normalised like tags). */
export function setExpertise(userId: number, names: string[]): void {
  const db = getDb();
  writeTransaction(() => {
    db.delete(userExpertise).where(eq(userExpertise.userId, userId)).run();
    names.forEach((name, index) =>
      db
        .insert(userExpertise)
        .values({ userId, name, position: index + 1 })
        .run(),
    );
  });
}

const SUGGESTIONS = 40;

/**
 * Expertise suggested on the settings page: the site's most used tags (members describe what they
 * know in the words notes already use). Kept ten minutes per process (caches.ts): counting every tag is a scan.
 */
export function suggestExpertise(): string[] {
  const cached = expertiseSuggestions.get('all');
  if (cached) return cached;
  const names = getDb()
    .select({ name: tags.name })
    .from(noteTags)
    .innerJoin(tags, eq(tags.id, noteTags.tagId))
    .where(eq(noteTags.listed, true))
    .groupBy(noteTags.tagId)
    .orderBy(sql`count(*) DESC`)
    .limit(SUGGESTIONS)
    .all()
    .map((r) => r.name);
  expertiseSuggestions.set('all', names);
  return names;
}
