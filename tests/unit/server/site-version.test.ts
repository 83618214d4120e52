/**
 * List pages are cached under site_version: every write that changes what a list lists must bump
 * it, and the writes of people merely reading, reacting (comments, appreciations: counts kept at
 * most LIST_PAGE_MAX_AGE_MS) or signing in must not (they would empty the cache all day).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { currentSiteVersion } from '~/lib/server/caches.ts';

let cleanup: () => void;
let db: Database.Database;
beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x'), (2, 'reader', 'ผู้อ่าน', 'x');
    INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status) VALUES (1, 1, 'บันทึก', 'เนื้อหา', '<p>เนื้อหา</p>', 'cc-by-4.0', 'published');
    INSERT INTO comments (id, note_id, author_id, body_markdown, body_html) VALUES (1, 1, 2, 'เห็นด้วย', '<p>เห็นด้วย</p>');
    INSERT INTO communities (id, slug, name, owner_id) VALUES (1, 'km', 'ชุมชน KM', 1);
    INSERT INTO tags (id, name) VALUES (2, 'เดิม'); INSERT INTO note_tags (note_id, tag_id) VALUES (1, 2);
    INSERT INTO series (id, author_id, title) VALUES (1, 1, 'ชุด');`);
});
afterEach(() => cleanup());

describe('site_version', () => {
  it.each([
    [
      'a note is published',
      "INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status) VALUES (1, 'ใหม่', 'ก', '<p>ก</p>', 'cc-by-4.0', 'published')",
    ],
    ['a note is edited', "UPDATE notes SET title = 'ใหม่' WHERE id = 1"],
    ['a note is hidden', 'UPDATE notes SET hidden_at = 1 WHERE id = 1'],
    ['a note is deleted', 'UPDATE notes SET deleted_at = 1 WHERE id = 1'],
    ['a note is sent back to draft', "UPDATE notes SET status = 'draft' WHERE id = 1"],
    ['a note body is edited (its excerpt)', "UPDATE notes SET body_markdown = 'ใหม่', excerpt = 'ใหม่' WHERE id = 1"],
    ['a tag is added to a note', "INSERT INTO tags (id, name) VALUES (1, 'ชุมชน'); INSERT INTO note_tags (note_id, tag_id) VALUES (1, 1)"],
    ['a tag is taken off a note', 'DELETE FROM note_tags WHERE note_id = 1 AND tag_id = 2'],
    ['a note is filed in a community', 'INSERT INTO community_notes (community_id, note_id, added_by_id) VALUES (1, 1, 1)'],
    ['a note joins a series', 'INSERT INTO series_notes (series_id, note_id, position) VALUES (1, 1, 1)'],
    ['a member is renamed', "UPDATE users SET display_name = 'ชื่อใหม่' WHERE id = 2"],
    ['a member is suspended', 'UPDATE users SET suspended_at = 1 WHERE id = 2'],
    ['someone joins a community', 'INSERT INTO community_members (community_id, user_id) VALUES (1, 2)'],
    ['someone follows a member', 'INSERT INTO user_follows (follower_id, followee_id) VALUES (2, 1)'],
  ])('goes up when %s', (_what, write) => {
    const before = currentSiteVersion();
    db.exec(write);
    expect(currentSiteVersion()).toBeGreaterThan(before);
  });

  it.each([
    ['a view is counted', 'UPDATE notes SET view_count = view_count + 1 WHERE id = 1'],
    // Reactions: list pages show their counts at most LIST_PAGE_MAX_AGE_MS old (decision 1002).
    [
      'a comment is added (and counted)',
      "INSERT INTO comments (note_id, author_id, body_markdown, body_html) VALUES (1, 1, 'ตอบ', '<p>ตอบ</p>'); UPDATE notes SET comment_count = 2, last_commented_at = 5 WHERE id = 1",
    ],
    ['a comment is hidden', 'UPDATE comments SET hidden_at = 1 WHERE id = 1; UPDATE notes SET comment_count = 0 WHERE id = 1'],
    ['a comment is deleted', 'DELETE FROM comments WHERE id = 1'],
    ['a note is appreciated', 'INSERT INTO note_appreciations (note_id, user_id) VALUES (1, 2)'],
    ['a comment is appreciated', 'INSERT INTO comment_appreciations (comment_id, note_id, user_id) VALUES (1, 1, 1)'],
    ['someone signs in', "INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at) VALUES ('s', x'00', 2, 1, 1)"],
    ['a rate-limit bucket fills', "INSERT INTO rate_limits (key, tokens, updated_at) VALUES ('comment:user:2', 1, 1)"],
    [
      'a notification is sent and read',
      "INSERT INTO notifications (id, user_id, kind, actor_id, note_id, comment_id) VALUES (1, 1, 'comment', 2, 1, 1); UPDATE notifications SET read_at = 1 WHERE id = 1",
    ],
    ['a password is changed', "UPDATE users SET password_hash = 'y' WHERE id = 2"],
  ])('stays put when %s', (_what, write) => {
    const before = currentSiteVersion();
    db.exec(write);
    expect(currentSiteVersion()).toBe(before);
  });

  it('still moves a note page on by its render_version when a comment is added (the note shows it at once)', () => {
    const renderVersion = () => db.prepare('SELECT render_version FROM notes WHERE id = 1').pluck().get() as number;
    const before = renderVersion();
    db.exec("INSERT INTO comments (note_id, author_id, body_markdown, body_html) VALUES (1, 2, 'ตอบ', '<p>ตอบ</p>')");
    expect(renderVersion()).toBeGreaterThan(before);
  });
});
