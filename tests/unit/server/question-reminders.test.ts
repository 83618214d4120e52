/**
 * The asker of a question is reminded once, QUESTION_REMINDER_AFTER_MS after asking, to accept an
 * answer, but only when a visible answer by someone else came and none was accepted (issue 26).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { QUESTION_REMINDER_AFTER_MS, remindAskers } from '~/lib/server/question.ts';

const NOW = Date.UTC(2026, 11, 7, 3);
const OLD = NOW - QUESTION_REMINDER_AFTER_MS - 1000;
let cleanup: () => void;
let db: Database.Database;

function question(id: number, publishedAt: number, acceptedAnswerId: number | null = null) {
  db.prepare(
    `INSERT INTO notes (id, author_id, kind, title, body_markdown, body_html, licence, status, published_at, accepted_answer_id)
     VALUES (?, 1, 'question', 'คำถาม', 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', ?, ?)`,
  ).run(id, publishedAt, acceptedAnswerId);
}
function answer(id: number, noteId: number, authorId: number, extra = '') {
  db.exec(`INSERT INTO comments (id, note_id, author_id, body_markdown, body_html${extra ? ', hidden_at' : ''})
    VALUES (${id}, ${noteId}, ${authorId}, 'ตอบ', '<p>ตอบ</p>'${extra ? `, ${extra}` : ''})`);
}
const reminders = () =>
  db.prepare("SELECT note_id AS noteId, user_id AS userId, actor_id AS actorId FROM notifications WHERE kind = 'question-reminder'").all();

beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'asker', 'ผู้ถาม', 'x'), (2, 'helper', 'ผู้ตอบ', 'x')`);
});
afterEach(() => cleanup());

describe('question reminders', () => {
  it('reminds once, a week on, only when an answer by someone else came and none was accepted', () => {
    question(1, OLD); // answered by someone else: reminded
    answer(1, 1, 2);
    question(2, OLD); // no answers
    question(3, OLD); // only the asker's own comment
    answer(3, 3, 1);
    question(4, NOW - 1000); // too fresh
    answer(4, 4, 2);
    question(5, OLD); // its only answer is hidden
    answer(5, 5, 2, '1');
    question(6, OLD); // accepted already
    answer(6, 6, 2);
    db.exec('UPDATE notes SET accepted_answer_id = 6 WHERE id = 6');

    expect(remindAskers(NOW)).toBe(1);
    expect(reminders()).toEqual([{ noteId: 1, userId: 1, actorId: 2 }]);
    expect(remindAskers(NOW + 1000)).toBe(0);
    expect(reminders()).toHaveLength(1);
  });
});
