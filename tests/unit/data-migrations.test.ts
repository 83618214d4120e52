/**
 * The data steps after migrations 0016/0017: duplicate tag spellings merged into the first one,
 * and stored note/comment HTML rendered again under the new Markdown rules (pages follow).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { fillTagKeys, rerenderQueuedMarkdown } from '~/lib/server/data-migrations.ts';

let cleanup: () => void;
let db: Database.Database;
beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x');
    INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status, published_at) VALUES
      (1, 1, 'กลอน', 'บรรทัดหนึ่ง' || char(10) || 'บรรทัดสอง', '<p>บรรทัดหนึ่ง' || char(10) || 'บรรทัดสอง</p>', 'cc-by-4.0', 'published', 1),
      (2, 1, 'สั้น', 'บรรทัดเดียว', '<p>บรรทัดเดียว</p>', 'cc-by-4.0', 'published', 2),
      (3, 1, 'ย่อหน้า', '    ย่อหน้า', '<pre><code>ย่อหน้า' || char(10) || '</code></pre>', 'cc-by-4.0', 'published', 3);
    INSERT INTO comments (id, note_id, author_id, body_markdown, body_html) VALUES (1, 2, 1, 'ก' || char(10) || 'ข', '<p>ก' || char(10) || 'ข</p>'), (2, 2, 1, 'เดียว', '<p>เดียว</p>');`);
});
afterEach(() => cleanup());

const version = (noteId: number) => db.prepare('SELECT render_version FROM notes WHERE id = ?').pluck().get(noteId) as number;

describe('merging tag spellings (migration 0016)', () => {
  it('keeps the first-seen spelling and moves every note onto it', () => {
    db.exec(`INSERT INTO tags (id, name) VALUES (1, 'AAR'), (2, 'aar'), (3, 'ＡＡＲ'), (4, 'ชุมชน');
      INSERT INTO note_tags (note_id, tag_id, listed, published_at) VALUES (1, 1, 1, 1), (2, 2, 1, 2), (3, 3, 1, 3), (1, 2, 1, 1), (3, 4, 1, 3);`);
    const before = version(2);
    expect(fillTagKeys()).toBe(2);
    expect(db.prepare('SELECT id, name, key FROM tags ORDER BY id').all()).toEqual([
      { id: 1, name: 'AAR', key: 'aar' },
      { id: 4, name: 'ชุมชน', key: 'ชุมชน' },
    ]);
    expect(db.prepare('SELECT note_id, tag_id, listed FROM note_tags ORDER BY note_id, tag_id').all()).toEqual([
      { note_id: 1, tag_id: 1, listed: 1 },
      { note_id: 2, tag_id: 1, listed: 1 },
      { note_id: 3, tag_id: 1, listed: 1 },
      { note_id: 3, tag_id: 4, listed: 1 },
    ]);
    expect(version(2)).toBeGreaterThan(before); // the note page shows its tags: cached pages follow
    expect(fillTagKeys()).toBe(0); // idempotent
  });
});

describe('rendering again under the new Markdown rules (migration 0017)', () => {
  it('queues only what can change, renders it again, bumps render versions and empties the queue', () => {
    db.exec(readFileSync('db/migrations/0019_queue-markdown-rerender.sql', 'utf8').replaceAll('--> statement-breakpoint', ''));
    expect(db.prepare('SELECT target_type, target_id FROM markdown_rerenders ORDER BY target_type, target_id').all()).toEqual([
      { target_type: 'comment', target_id: 1 },
      { target_type: 'note', target_id: 1 },
      { target_type: 'note', target_id: 3 },
    ]);
    const before = [version(1), version(2), version(3)];
    expect(rerenderQueuedMarkdown()).toBe(3);
    expect(db.prepare('SELECT body_html FROM notes WHERE id = 1').pluck().get()).toBe('<p>บรรทัดหนึ่ง<br>\nบรรทัดสอง</p>');
    expect(db.prepare('SELECT body_html FROM notes WHERE id = 3').pluck().get()).toBe('<p>ย่อหน้า</p>');
    expect(db.prepare('SELECT body_html FROM comments WHERE id = 1').pluck().get()).toBe('<p>ก<br>\nข</p>');
    expect(version(1)).toBeGreaterThan(before[0]!);
    expect(version(2)).toBeGreaterThan(before[1]!); // its comment changed
    expect(version(3)).toBeGreaterThan(before[2]!);
    expect(db.prepare('SELECT count(*) FROM markdown_rerenders').pluck().get()).toBe(0);
    expect(rerenderQueuedMarkdown()).toBe(0);
  });
});
