import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { noteTags, tags } from '~db/schema.ts';

/** Replaces the tags of a note with `names` (already cleaned and de-duplicated by validation). Call inside a transaction. */
export function setNoteTags(noteId: number, names: string[]): void {
  const db = getDb();
  db.delete(noteTags).where(eq(noteTags.noteId, noteId)).run();
  for (const name of names) {
    db.insert(tags).values({ name }).onConflictDoNothing().run();
    const tag = db.select({ id: tags.id }).from(tags).where(eq(tags.name, name)).get()!;
    db.insert(noteTags).values({ noteId, tagId: tag.id }).onConflictDoNothing().run();
  }
}

/** Tag names of many notes at once, keyed by note id (one query for a whole list page). */
export function getTagsForNotes(noteIds: number[]): Map<number, string[]> {
  const byNote = new Map<number, string[]>();
  if (noteIds.length === 0) return byNote;
  const rows = getDb().select({ noteId: noteTags.noteId, name: tags.name }).from(noteTags)
    .innerJoin(tags, eq(noteTags.tagId, tags.id)).where(inArray(noteTags.noteId, noteIds)).orderBy(tags.name).all();
  for (const row of rows) byNote.set(row.noteId, [...(byNote.get(row.noteId) ?? []), row.name]);
  return byNote;
}

export function getTagId(name: string): number | undefined {
  return getDb().select({ id: tags.id }).from(tags).where(and(eq(tags.name, name.toLowerCase()))).get()?.id;
}
