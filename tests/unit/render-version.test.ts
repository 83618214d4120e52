/**
 * The page cache's correctness rests on database triggers: every write that changes what a note's
 * page shows must bump notes.render_version, whoever makes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';

let cleanup: () => void;
let db: Database.Database;
beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x'), (2, 'reader', 'ผู้อ่าน', 'x');
    INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status) VALUES (1, 1, 'บันทึก', 'เนื้อหา', '<p>เนื้อหา</p>', 'cc-by-4.0', 'published'), (2, 2, 'อีกเรื่อง', 'ข', '<p>ข</p>', 'cc-by-4.0', 'published');
    INSERT INTO comments (id, note_id, author_id, body_markdown, body_html) VALUES (1, 1, 2, 'เห็นด้วย', '<p>เห็นด้วย</p>');
    INSERT INTO communities (id, slug, name, owner_id) VALUES (1, 'km', 'ชุมชน KM', 1);`);
});
afterEach(() => cleanup());

/** An upload row for a profile photo of member `ownerId`. */
const AVATAR_UPLOAD = (ownerId: number) =>
  `INSERT INTO uploads (id, owner_id, kind, name, content_type, file_name, files, bytes, stored_bytes) VALUES ('${'a'.repeat(32)}', ${ownerId}, 'image', 'me.jpg', 'image/jpeg', 'x.jpg', '[]', 1, 1)`;
const version = (noteId = 1) => db.prepare('SELECT render_version FROM notes WHERE id = ?').pluck().get(noteId) as number;

describe('notes.render_version', () => {
  it.each([
    ['the note is edited', "UPDATE notes SET title = 'ใหม่' WHERE id = 1"],
    ['the note is hidden', 'UPDATE notes SET hidden_at = 1 WHERE id = 1'],
    ['a comment is added', "INSERT INTO comments (note_id, author_id, body_markdown, body_html) VALUES (1, 1, 'ตอบ', '<p>ตอบ</p>')"],
    ['a comment is edited', "UPDATE comments SET body_html = '<p>แก้</p>' WHERE id = 1"],
    ['a comment is hidden', 'UPDATE comments SET hidden_at = 1 WHERE id = 1'],
    ['a comment is removed', 'DELETE FROM comments WHERE id = 1'],
    ['a tag is added', "INSERT INTO tags (id, name) VALUES (1, 'ชุมชน'); INSERT INTO note_tags (note_id, tag_id) VALUES (1, 1)"],
    ['the author is renamed', "UPDATE users SET display_name = 'ชื่อใหม่' WHERE id = 1"],
    ['a commenter is renamed', "UPDATE users SET display_name = 'ชื่อใหม่' WHERE id = 2"],
    ['the author sets a profile photo', `${AVATAR_UPLOAD(1)}; UPDATE users SET avatar_upload_id = '${'a'.repeat(32)}' WHERE id = 1`],
    ['a commenter sets a profile photo', `${AVATAR_UPLOAD(2)}; UPDATE users SET avatar_upload_id = '${'a'.repeat(32)}' WHERE id = 2`],
    ['it is filed in a community', 'INSERT INTO community_notes (community_id, note_id, added_by_id) VALUES (1, 1, 1)'],
  ])('goes up when %s', (_what, write) => {
    const before = version();
    db.exec(write);
    expect(version()).toBeGreaterThan(before);
  });

  it('goes up when a community holding the note is renamed, and not for unrelated notes', () => {
    db.exec('INSERT INTO community_notes (community_id, note_id, added_by_id) VALUES (1, 1, 1)');
    const [mine, other] = [version(1), version(2)];
    db.exec("UPDATE communities SET name = 'ชื่อชุมชนใหม่' WHERE id = 1");
    expect(version(1)).toBeGreaterThan(mine);
    expect(version(2)).toBe(other);
  });

  it("goes up when the upload behind a commenter's photo is deleted (ON DELETE SET NULL clears it)", () => {
    db.exec(`${AVATAR_UPLOAD(2)}; UPDATE users SET avatar_upload_id = '${'a'.repeat(32)}' WHERE id = 2`);
    const before = version();
    db.exec('DELETE FROM uploads');
    expect(db.prepare('SELECT avatar_upload_id FROM users WHERE id = 2').pluck().get()).toBeNull();
    expect(version()).toBeGreaterThan(before);
  });

  it('stays put when only the view count moves (the page shows the count as cached)', () => {
    const before = version();
    db.exec('UPDATE notes SET view_count = view_count + 1 WHERE id = 1');
    expect(version()).toBe(before);
  });
});
