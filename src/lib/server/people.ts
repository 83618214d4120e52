/**
 * The people directory (/people, /api/people) and the profile facts it lists: position,
 * expertise (ความเชี่ยวชาญ) and whether the member shows in the directory. Email is never read here.
 *
 * NOTE: at 100k members every list is read from an index: users.note_count and
 * users.last_active_at are kept by triggers (migration 0007), expertise has a (name, user) index,
 * and a name search scans only the two name columns. bench/people.ts prints the times.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { getDb, IMMEDIATE } from '~db/client.ts';
import { tags, userExpertise, users, noteTags } from '~db/schema.ts';
import type { DirectoryQuery } from '../people-validation.ts';

export const PEOPLE_PER_PAGE = 24;
/** Expertise tags shown on a directory entry (the profile shows all of them). */
export const ENTRY_EXPERTISE = 3;

export interface DirectoryEntry {
  username: string;
  displayName: string;
  organisation: string | null;
  province: string | null;
  position: string | null;
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

/** Who is listed at all: not hidden by themself, not suspended. */
const listed: SQL = and(eq(users.hiddenFromDirectory, false), isNull(users.suspendedAt))!;

/** `%…%` for LIKE with the user's own % and _ taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(query: DirectoryQuery): SQL {
  const where: SQL[] = [listed];
  if (query.q) {
    const pattern = likePattern(query.q);
    where.push(sql`(${users.displayName} LIKE ${pattern} ESCAPE '\\' OR ${users.username} LIKE ${pattern} ESCAPE '\\')`);
  }
  if (query.province) where.push(eq(users.province, query.province));
  if (query.organisation) where.push(sql`${users.organisation} LIKE ${likePattern(query.organisation)} ESCAPE '\\'`);
  if (query.expertise) where.push(sql`${users.id} IN (SELECT user_id FROM user_expertise WHERE name = ${query.expertise})`);
  return and(...where)!;
}

const ORDERS = {
  active: [sql`${users.lastActiveAt} DESC`, desc(users.id)],
  notes: [desc(users.noteCount), desc(users.id)],
} as const;

/** One page of the directory for this query (filters combine; sort by recent activity or note count). */
export function listPeople(query: DirectoryQuery): DirectoryPage {
  const db = getDb();
  const where = conditions(query);
  const total = db.select({ n: sql<number>`count(*)` }).from(users).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PER_PAGE));
  const page = Math.min(query.page, pageCount);
  const rows = db.select({
    id: users.id, username: users.username, displayName: users.displayName, organisation: users.organisation, province: users.province,
    position: users.position, noteCount: users.noteCount, lastActiveAt: users.lastActiveAt,
  }).from(users).where(where).orderBy(...ORDERS[query.sort]).limit(PEOPLE_PER_PAGE).offset((page - 1) * PEOPLE_PER_PAGE).all();
  const expertise = getExpertiseOf(rows.map((r) => r.id));
  const items = rows.map(({ id, ...row }) => ({ ...row, expertise: expertise.get(id) ?? [] }));
  return { items, page, pageCount, total };
}

/** Each member's expertise in their own order. */
export function getExpertiseOf(userIds: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (userIds.length === 0) return map;
  const rows = getDb().select({ userId: userExpertise.userId, name: userExpertise.name }).from(userExpertise)
    .where(inArray(userExpertise.userId, userIds)).orderBy(asc(userExpertise.userId), asc(userExpertise.position)).all();
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
  db.transaction(() => {
    db.delete(userExpertise).where(eq(userExpertise.userId, userId)).run();
    names.forEach((name, index) => db.insert(userExpertise).values({ userId, name, position: index + 1 }).run());
  }, IMMEDIATE);
}

const SUGGESTIONS = 40;
const SUGGESTIONS_TTL_MS = 10 * 60_000;
let suggestions: { at: number; names: string[] } | undefined;

/**
 * Expertise suggested on the settings page: the site's most used tags (members describe what they
 * know in the words notes already use). Kept ten minutes per process: counting every tag is a scan.
 */
export function suggestExpertise(): string[] {
  if (suggestions && Date.now() - suggestions.at < SUGGESTIONS_TTL_MS) return suggestions.names;
  const names = getDb().select({ name: tags.name }).from(noteTags).innerJoin(tags, eq(tags.id, noteTags.tagId))
    .where(eq(noteTags.listed, true)).groupBy(noteTags.tagId).orderBy(sql`count(*) DESC`).limit(SUGGESTIONS).all().map((r) => r.name);
  suggestions = { at: Date.now(), names };
  return names;
}
