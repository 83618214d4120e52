import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { noteTags, tags } from '~db/schema.ts';
import { tagKey } from '../tag-key.ts';

/**
 * The id of the tag that `name` is a spelling of, creating it with this spelling when it is new
 * (the first-seen spelling is the one shown). Call inside a transaction.
 */
function ensureTag(name: string): number {
  const db = getDb();
  const key = tagKey(name);
  const existing = db.select({ id: tags.id }).from(tags).where(eq(tags.key, key)).get();
  if (existing) return existing.id;
  return db.insert(tags).values({ name, key }).returning({ id: tags.id }).get().id;
}

/** Replaces the tags of a note with `names` (already cleaned and de-duplicated by validation). Call inside a transaction. */
export function setNoteTags(noteId: number, names: string[]): void {
  const db = getDb();
  db.delete(noteTags).where(eq(noteTags.noteId, noteId)).run();
  for (const name of names) {
    db.insert(noteTags)
      .values({ noteId, tagId: ensureTag(name) })
      .onConflictDoNothing()
      .run();
  }
}

const tagsOfOneNote = preparedQuery((db) =>
  db
    .select({ name: tags.name })
    .from(noteTags)
    .innerJoin(tags, eq(noteTags.tagId, tags.id))
    .where(eq(noteTags.noteId, sql.placeholder('noteId')))
    .orderBy(tags.name)
    .prepare(),
);

/** Tag names of many notes at once, keyed by note id (one query for a whole list page). */
export function getTagsForNotes(noteIds: number[]): Map<number, string[]> {
  const byNote = new Map<number, string[]>();
  if (noteIds.length === 0) return byNote;
  if (noteIds.length === 1) {
    // A note page: the same statement every time, prepared once.
    const names = tagsOfOneNote()
      .all({ noteId: noteIds[0]! })
      .map((r) => r.name);
    if (names.length > 0) byNote.set(noteIds[0]!, names);
    return byNote;
  }
  const rows = getDb()
    .select({ noteId: noteTags.noteId, name: tags.name })
    .from(noteTags)
    .innerJoin(tags, eq(noteTags.tagId, tags.id))
    .where(inArray(noteTags.noteId, noteIds))
    .orderBy(tags.name)
    .all();
  for (const row of rows) byNote.set(row.noteId, [...(byNote.get(row.noteId) ?? []), row.name]);
  return byNote;
}

/** The tag `name` is a spelling of ("aar" finds "AAR"), or undefined. */
export function getTag(name: string): { id: number; name: string } | undefined {
  return getDb()
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(eq(tags.key, tagKey(name)))
    .get();
}

export function getTagId(name: string): number | undefined {
  return getTag(name)?.id;
}

const TAG_SUGGESTIONS_MAX = 10;
/** Prefix matches looked at before ranking by use; keeps a one-letter prefix cheap on a big site. */
const SUGGESTION_CANDIDATES = 200;

/**
 * Existing tags starting with what was typed (compared like tags are), most used first, with the
 * number of public notes carrying each. Tags found only on drafts or hidden notes are not offered:
 * their names are not public.
 */
export function suggestTags(prefix: string, limit = TAG_SUGGESTIONS_MAX): { name: string; notes: number }[] {
  const key = tagKey(prefix);
  if (!key) return [];
  const db = getDb();
  // A key range rather than LIKE: LIKE is case-insensitive for ASCII and would not use the index.
  const candidates = db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(and(gte(tags.key, key), lt(tags.key, `${key}\u{10FFFF}`)))
    .orderBy(asc(tags.key))
    .limit(SUGGESTION_CANDIDATES)
    .all();
  if (candidates.length === 0) return [];
  const counts = new Map(
    db
      .select({ tagId: noteTags.tagId, notes: sql<number>`count(*)` })
      .from(noteTags)
      .where(
        and(
          inArray(
            noteTags.tagId,
            candidates.map((c) => c.id),
          ),
          eq(noteTags.listed, true),
        ),
      )
      .groupBy(noteTags.tagId)
      .orderBy(desc(sql`count(*)`))
      .all()
      .map((r) => [r.tagId, r.notes]),
  );
  return candidates
    .map((c) => ({ name: c.name, notes: counts.get(c.id) ?? 0 }))
    .filter((t) => t.notes > 0)
    .sort((a, b) => b.notes - a.notes)
    .slice(0, limit);
}
