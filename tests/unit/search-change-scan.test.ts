/**
 * The search indexer's change scan runs after every write; at 1M notes / 10M comments a full scan
 * took over a minute, so each of its statements must read an index, and it must still find every
 * kind of change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { createUser, toSessionUser } from '~/lib/server/user.ts';
import { createNote } from '~/lib/server/note.ts';
import { getDb } from '~db/client.ts';
import { findNotesChangedSince } from '~/lib/server/search-index/documents.ts';

let cleanup: () => void;
beforeEach(() => {
  cleanup = useFreshDatabase();
});
afterEach(() => cleanup());

describe('the search change scan', () => {
  it('reads indexes only, never a whole table', () => {
    const sqlite = getDb().$client;
    const plans: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    (sqlite as { prepare: typeof sqlite.prepare }).prepare = ((source: string) => {
      if (!source.startsWith('EXPLAIN'))
        plans.push(...(prepare(`EXPLAIN QUERY PLAN ${source}`).all(0) as { detail: string }[]).map((row) => row.detail));
      return prepare(source);
    }) as typeof sqlite.prepare;
    try {
      findNotesChangedSince(getDb(), Date.now());
    } finally {
      (sqlite as { prepare: typeof sqlite.prepare }).prepare = prepare;
    }
    expect(plans.some((p) => p.includes('notes_changed_at_idx'))).toBe(true);
    expect(plans.some((p) => p.includes('comments_changed_at_idx'))).toBe(true);
    // users is small (one row per member) and may be scanned; notes and comments never.
    expect(plans.filter((p) => /^SCAN (notes|comments)\b/.test(p))).toEqual([]);
  });

  it("finds a new note and a renamed author's notes", async () => {
    const author = toSessionUser(
      await createUser({
        username: 'writer',
        password: 'password-1234',
        displayName: 'นักเขียน',
        email: null,
        organisation: null,
        province: null,
      }),
    );
    const before = Date.now() - 1;
    const id = createNote(
      author,
      { title: 'บันทึกใหม่', body: 'เนื้อหา', tags: [], licence: 'cc-by-4.0', status: 'published' },
      'note',
      '192.0.2.1',
    ).id;
    expect(findNotesChangedSince(getDb(), before)).toContain(id);
    const later = Date.now() + 10;
    expect(findNotesChangedSince(getDb(), later)).toEqual([]);
    getDb()
      .$client.prepare('UPDATE users SET updated_at = ? WHERE id = ?')
      .run(later + 5, author.id);
    expect(findNotesChangedSince(getDb(), later)).toEqual([id]);
  });
});
