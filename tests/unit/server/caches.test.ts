/**
 * The caches in caches.ts that keep database answers: each keeps under its documented key and is
 * retired by its documented rule (a version for comment appreciation counts, an age for directory
 * totals), never serving a stale answer past it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { commentAppreciationCounts, directoryTotals } from '~/lib/server/caches.ts';
import { countCommentAppreciation } from '~/lib/server/appreciation.ts';
import { listPeople } from '~/lib/server/people.ts';
import { parseDirectoryQuery } from '~/lib/people-validation.ts';

let cleanup: () => void;
let db: Database.Database;
beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  commentAppreciationCounts.clear();
  directoryTotals.clear();
});
afterEach(() => cleanup());

const renderVersion = () => db.prepare('SELECT render_version FROM notes WHERE id = 1').pluck().get() as number;

describe('commentAppreciationCounts', () => {
  beforeEach(() => {
    db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x'), (2, 'reader', 'ผู้อ่าน', 'x'), (3, 'other', 'อีกคน', 'x');
      INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status) VALUES (1, 1, 'บันทึก', 'เนื้อหา', '<p>เนื้อหา</p>', 'cc-by-4.0', 'published');
      INSERT INTO comments (id, note_id, author_id, body_markdown, body_html) VALUES (1, 1, 2, 'เห็นด้วย', '<p>เห็นด้วย</p>');
      INSERT INTO comment_appreciations (comment_id, note_id, user_id) VALUES (1, 1, 1);`);
  });

  it('keeps a note’s counts under <noteId>:<render_version>', () => {
    expect(countCommentAppreciation(1)).toEqual(new Map([[1, 1]]));
    expect(commentAppreciationCounts.get(`1:${renderVersion()}`)).toEqual(new Map([[1, 1]]));
  });

  it('is retired by render_version: a new appreciation is counted at once', () => {
    countCommentAppreciation(1);
    db.exec('INSERT INTO comment_appreciations (comment_id, note_id, user_id) VALUES (1, 1, 3)');
    expect(countCommentAppreciation(1)).toEqual(new Map([[1, 2]]));
  });

  it('is retired by render_version: a suspended giver stops counting at once', () => {
    countCommentAppreciation(1);
    db.exec('UPDATE users SET suspended_at = 1 WHERE id = 1');
    expect(countCommentAppreciation(1).get(1)).toBeUndefined();
  });

  it('keeps nothing for a note that does not exist', () => {
    expect(countCommentAppreciation(99)).toEqual(new Map());
    expect(commentAppreciationCounts.size).toBe(0);
  });

  it('is bounded by entries', () => {
    expect(commentAppreciationCounts.max).toBe(200);
  });
});

describe('directoryTotals', () => {
  const MEMBERS = 1_005; // above the exact-count limit (1,000), so the total is kept
  beforeEach(() => {
    const insert = db.prepare("INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, 'x')");
    db.transaction(() => {
      for (let i = 0; i < MEMBERS; i++) insert.run(`member${i}`, `สมาชิก ${i}`);
    })();
  });
  const total = () => listPeople(parseDirectoryQuery(new URLSearchParams())).total;

  it('counts exactly, then keeps a long list’s total', () => {
    expect(total()).toBe(MEMBERS);
    expect(directoryTotals.size).toBe(1);
    expect([...directoryTotals.values()]).toEqual([MEMBERS]);
  });

  it('is retired by age: a kept total lags by at most a minute, then is counted afresh', () => {
    expect(total()).toBe(MEMBERS);
    db.exec("INSERT INTO users (username, display_name, password_hash) VALUES ('late', 'มาทีหลัง', 'x')");
    expect(total()).toBe(MEMBERS); // kept
    const [key] = [...directoryTotals.keys()];
    expect(directoryTotals.getRemainingTTL(key!)).toBeGreaterThan(0);
    expect(directoryTotals.ttl).toBe(60_000);
    directoryTotals.delete(key!); // what the TTL does after a minute
    expect(total()).toBe(MEMBERS + 1);
  });

  it('does not keep short lists (they are counted exactly every time)', () => {
    listPeople(parseDirectoryQuery(new URLSearchParams({ q: 'สมาชิก 1000' })));
    expect(directoryTotals.size).toBe(0);
  });
});

describe('every in-process cache lives in caches.ts (issue 22)', () => {
  it('no other server module keeps an LRU cache or a timed memo of its own', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const offenders = [...files('src/lib/server'), ...files('src/server')]
      .filter((path) => !path.endsWith('caches.ts'))
      .filter((path) => {
        const text = readFileSync(path, 'utf8');
        // A module-level value remembered with the time it was made is a cache by another name.
        return /new LRUCache\b/.test(text) || /^let \w+: \{[^}]*\bat: number/m.test(text);
      });
    expect(offenders).toEqual([]);
  });

  it('the community index is cleared in this process by a change, so a manager sees it at once', async () => {
    const { communityIndex } = await import('~/lib/server/caches.ts');
    const { forgetCommunityIndex, listCommunities } = await import('~/lib/server/community.ts');
    db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'owner', 'เจ้าของ', 'x');
      INSERT INTO communities (id, slug, name, description, join_policy, owner_id) VALUES (1, 'first', 'ชุมชนแรก', '', 'open', 1);`);
    communityIndex.clear();
    expect(listCommunities().map((c) => c.slug)).toEqual(['first']);
    db.exec(
      `INSERT INTO communities (id, slug, name, description, join_policy, owner_id) VALUES (2, 'second', 'ชุมชนที่สอง', '', 'open', 1);`,
    );
    expect(listCommunities().map((c) => c.slug)).toEqual(['first']); // within its minute, behind the app's back
    forgetCommunityIndex();
    expect(
      listCommunities()
        .map((c) => c.slug)
        .sort(),
    ).toEqual(['first', 'second']);
  });
});
