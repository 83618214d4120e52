/**
 * Search tests on the foundation's fresh migrated database (tests/helpers/database.ts), with rows
 * inserted directly (the API factories cannot backdate or hide), and an index directory beside it.
 */
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../../db/client.ts';
import { comments, notes, noteTags, tags, users } from '../../db/schema.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { useFreshDatabase } from './database.ts';
import { tagKey } from '../../src/lib/tag-key.ts';

export interface SearchTestDb {
  db: Db;
  databasePath: string;
  indexDir: string;
  close(): void;
}

/** A new migrated database file (DATABASE_PATH points at it) and an empty index directory beside it. */
export function createSearchTestDb(): SearchTestDb {
  const close = useFreshDatabase();
  const databasePath = process.env.DATABASE_PATH!;
  return { db: getDb(), databasePath, indexDir: join(dirname(databasePath), 'search-index'), close };
}

/** Inserts a user and returns its id. */
export function insertUser(db: Db, username: string, displayName: string): number {
  return db.insert(users).values({ username, displayName, passwordHash: 'x' }).returning({ id: users.id }).get().id;
}

export interface NoteFields {
  authorId: number;
  title: string;
  body: string;
  kind?: 'note' | 'aar';
  status?: 'draft' | 'published';
  tags?: string[];
  publishedAt?: Date;
}

/** Inserts a note (published unless told otherwise) with its tags and returns its id. */
export function insertNote(db: Db, fields: NoteFields): number {
  const status = fields.status ?? 'published';
  const id = db
    .insert(notes)
    .values({
      authorId: fields.authorId,
      title: fields.title,
      bodyMarkdown: fields.body,
      bodyHtml: `<p>${escapeHtml(fields.body)}</p>`,
      kind: fields.kind ?? 'note',
      licence: 'CC-BY-4.0',
      status,
      publishedAt: status === 'published' ? (fields.publishedAt ?? new Date()) : null,
    })
    .returning({ id: notes.id })
    .get().id;
  for (const name of fields.tags ?? []) {
    const tagId = db
      .insert(tags)
      .values({ name, key: tagKey(name) })
      .onConflictDoUpdate({ target: tags.name, set: { name } })
      .returning({ id: tags.id })
      .get().id;
    db.insert(noteTags).values({ noteId: id, tagId }).run();
  }
  return id;
}

/** Applies a change to a note and bumps updated_at, as the note module does on every write. */
export function updateNoteRow(db: Db, id: number, patch: Partial<typeof notes.$inferInsert>): void {
  db.update(notes)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(notes.id, id))
    .run();
}

/** Inserts a comment on a note. */
export function insertComment(db: Db, noteId: number, authorId: number, body: string): number {
  return db
    .insert(comments)
    .values({ noteId, authorId, bodyMarkdown: body, bodyHtml: `<p>${escapeHtml(body)}</p>` })
    .returning({ id: comments.id })
    .get().id;
}
