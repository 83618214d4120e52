/**
 * List pages read ids from one index and keep tag lists in step with the note's public state;
 * the generated-site seeder makes exactly the sizes asked for, with consistent counters.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { createUser, toSessionUser, type SessionUser } from '~/lib/server/user.ts';
import { createNote, deleteNote, listNotesByAuthor, listNotesByTag, listPublishedNotes, updateNote } from '~/lib/server/note.ts';
import { getDb } from '~db/client.ts';
import { seedBulk } from '../../scripts/lib/seed-bulk.ts';

let cleanup: () => void;
let author: SessionUser;
beforeEach(async () => {
  cleanup = useFreshDatabase();
  author = toSessionUser(
    await createUser({
      username: 'writer',
      password: 'password-1234',
      displayName: 'นักเขียน',
      email: null,
      organisation: null,
      province: null,
    }),
  );
});
afterEach(() => cleanup());

const note = (title: string, status: 'draft' | 'published' = 'published') =>
  createNote(author, { title, body: 'เนื้อหา', tags: ['ชุมชน'], licence: 'cc-by-4.0', status }, 'note', '192.0.2.1').id;

describe('list pages', () => {
  it('list newest first across pages, with exact totals for short lists', () => {
    const ids = Array.from({ length: 5 }, (_, i) => note(`บันทึก ${i}`));
    const first = listPublishedNotes(1, 2);
    expect(first.items.map((n) => n.id)).toEqual([ids[4], ids[3]]);
    expect(first).toMatchObject({ total: 5, pageCount: 3 });
    expect(listPublishedNotes(3, 2).items.map((n) => n.id)).toEqual([ids[0]]);
    expect(listNotesByAuthor(author.id, 1).items.map((n) => n.id)).toEqual([...ids].reverse());
  });

  it('keep tag lists in step when a note is published, hidden or deleted', () => {
    const shown = note('เผยแพร่แล้ว');
    const draft = note('ฉบับร่าง', 'draft');
    expect(listNotesByTag('ชุมชน').items.map((n) => n.id)).toEqual([shown]);
    updateNote(author, draft, { status: 'published' }, '127.0.0.1');
    expect(listNotesByTag('ชุมชน').items.map((n) => n.id)).toEqual([draft, shown]);
    getDb().$client.prepare('UPDATE notes SET hidden_at = 1 WHERE id = ?').run(draft);
    expect(listNotesByTag('ชุมชน').items.map((n) => n.id)).toEqual([shown]);
    deleteNote(author, shown);
    expect(listNotesByTag('ชุมชน')).toMatchObject({ items: [], total: 0 });
  });
});

describe('generated sites', () => {
  it('seed exactly the sizes asked for, with consistent comment counters', async () => {
    const sqlite = getDb().$client;
    const triggers = sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").pluck().get();
    const result = await seedBulk(sqlite, { notes: 300, comments: 3_000, users: 10 });
    expect(result).toMatchObject({ notes: 300, comments: 3_000, users: 10 });
    const count = (sql: string) => sqlite.prepare(sql).pluck().get();
    expect(count('SELECT count(*) FROM comments')).toBe(3_000);
    expect(count(`SELECT count(*) FROM notes n WHERE comment_count != (SELECT count(*) FROM comments c WHERE c.note_id = n.id)`)).toBe(0);
    expect(count(`SELECT count(*) FROM comments WHERE note_id IN (SELECT id FROM notes WHERE status = 'draft')`)).toBe(0);
    expect(count(`SELECT count(*) FROM note_tags nt JOIN notes n ON n.id = nt.note_id WHERE nt.listed != (n.status = 'published')`)).toBe(
      0,
    );
    expect(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).toBe(triggers); // page-cache triggers are back
    expect(count('SELECT count(*) FROM communities')).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM community_notes')).toBeGreaterThan(0);
    expect(count('SELECT title FROM notes LIMIT 1')).toMatch(/[ก-๙]/);
    expect(listPublishedNotes(1).total).toBe(count("SELECT count(*) FROM notes WHERE status = 'published'"));
  });
});
