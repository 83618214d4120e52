/**
 * Long lists are read by cursor (?before=/?after=<note id>, <event id> on /events): walking "older"
 * and "newer" links visits every row exactly once, even when rows are written between two requests,
 * and numbered pages (?page=N) keep listing what they always listed (deep ones through their cursor address).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { listNotesByAuthor, listNotesByTag, listPublishedNotes, type Page } from '~/lib/server/note.ts';
import { listCommunityNotes } from '~/lib/server/community.ts';
import { listAars } from '~/lib/server/aar.ts';
import { listEventPage } from '~/lib/server/event.ts';
import { MAX_NUMBERED_PAGE, listHref, readListPosition, type ListPosition, type ListTarget } from '~/lib/list-position.ts';

let cleanup: () => void;
let db: Database.Database;
let clock: number;
let day: number;
beforeEach(() => {
  cleanup = useFreshDatabase();
  db = getDb().$client;
  db.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (1, 'writer', 'นักเขียน', 'x'), (2, 'other', 'อีกคน', 'x');
    INSERT INTO tags (id, name, key) VALUES (1, 'ชุมชน', 'ชุมชน');
    INSERT INTO communities (id, slug, name, owner_id) VALUES (1, 'km', 'ชุมชน KM', 1);`);
  clock = 1_700_000_000_000;
  day = Date.UTC(2025, 0, 1);
});
afterEach(() => cleanup());

/**
 * Publishes `count` notes by `authorId`, tagged and filed in the community; every third shares the
 * previous one's publish time, so the id must break ties. Returns their ids, oldest first.
 */
function publish(count: number, authorId = 1): number[] {
  const insert = db.prepare(`INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status, published_at)
    VALUES (?, ?, 'ก', '<p>ก</p>', 'cc-by-4.0', 'published', ?)`);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 3 !== 2) clock += 1_000;
    const id = Number(insert.run(authorId, `บันทึก ${i}`, clock).lastInsertRowid);
    db.prepare('INSERT INTO note_tags (note_id, tag_id) VALUES (?, 1)').run(id);
    db.prepare('INSERT INTO community_notes (community_id, note_id, added_by_id) VALUES (1, ?, 1)').run(id);
    ids.push(id);
  }
  return ids;
}

const ids = (page: Page<{ id: number }>) => page.items.map((n) => n.id);
const positionOf = (target: ListTarget): ListPosition => (target === 'first' ? { page: 1 } : target);

/** The next date of an AAR or event, 'YYYY-MM-DD' in 2025: every third shares the previous one's, so the id must break ties. */
function nextDate(i: number): string {
  if (i % 3 !== 2) day += 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}

const KHON_KAEN = { code: '40', name: 'ขอนแก่น' };
const CHIANG_MAI = { code: '50', name: 'เชียงใหม่' };

/** One published AAR (note and aar_reports row) held on `date` in `province`; its note id. */
function writeAar(date: string, province = KHON_KAEN, status = 'published'): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO notes (author_id, kind, title, body_markdown, body_html, licence, status, published_at)
    VALUES (1, 'aar', ?, 'ก', '<p>ก</p>', 'cc-by-4.0', ?, ?)`,
      )
      .run(`AAR ${date}`, status, status === 'published' ? (clock += 1_000) : null).lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO aar_reports (note_id, event_title, start_date, year, province_code, province_name, district_code, district_name, subdistrict_code,
    subdistrict_name, hosts, facilitator, note_taker, sub_groups, expected, exceeded, fell_short, next_steps, actions)
    VALUES (?, ?, ?, ?, ?, ?, '4001', 'เมือง', '400101', 'ในเมือง', 'ผู้จัด', 'คุณอำนวย', 'คุณลิขิต', '[]', 'ก', 'ข', 'ค', 'ง', '[]')`,
  ).run(id, `เวที ${date}`, date, Number(date.slice(0, 4)), province.code, province.name);
  return id;
}

/** `count` AARs in Khon Kaen in 2025, with one in another province and one of 2024 among them (filtered out); ids oldest first. */
function writeAars(count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const date = nextDate(i);
    if (i % 4 === 1) writeAar(date, CHIANG_MAI);
    if (i % 4 === 3) writeAar(`2024${date.slice(4)}`);
    return writeAar(date);
  });
}

/** `count` events of community 1, with an event of no community among them; ids oldest first. */
function writeEvents(count: number, communityId: number | null = 1): number[] {
  const insert = db.prepare('INSERT INTO events (community_id, created_by_id, title, start_date) VALUES (?, 1, ?, ?)');
  return Array.from({ length: count }, (_, i) => {
    const date = nextDate(i);
    if (communityId !== null && i % 4 === 1) insert.run(null, `เวทีนอกชุมชน ${date}`, date);
    return Number(insert.run(communityId, `เวที ${date}`, date).lastInsertRowid);
  });
}

type Lister = (position: ListPosition, perPage: number) => Page<{ id: number }>;
/** Each list, how to read a page of it, and how to write `count` new rows at its top (ids oldest first). */
const lists: [string, Lister, (count: number) => number[]][] = [
  ['home', (position, perPage) => listPublishedNotes(position, perPage), publish],
  ['tag', (position, perPage) => listNotesByTag('ชุมชน', position, perPage), publish],
  ['profile', (position, perPage) => listNotesByAuthor(1, position, { perPage }), publish],
  ['profile with drafts', (position, perPage) => listNotesByAuthor(1, position, { perPage, includeDrafts: true }), publish],
  ['community', (position, perPage) => listCommunityNotes(1, position, perPage), publish],
  [
    'AAR (/aar)',
    (position, perPage) => listAars({}, position, perPage),
    (count) => Array.from({ length: count }, (_, i) => writeAar(nextDate(i))),
  ],
  [
    'AAR in one province and year',
    (position, perPage) => listAars({ provinceCode: KHON_KAEN.code, year: 2025 }, position, perPage),
    writeAars,
  ],
  ['events (/events)', (position, perPage) => listEventPage(position, { perPage }), (count) => writeEvents(count, null)],
  ["a community's events", (position, perPage) => listEventPage(position, { perPage, communityId: 1 }), writeEvents],
];

describe.each(lists)('the %s list by cursor', (_name, list, publish) => {
  it('visits every note once walking "older" links, while new notes are written between requests', () => {
    const existing = publish(23).reverse(); // newest first
    const seen: number[] = [];
    let page = list({ page: 1 }, 5);
    for (let step = 0; step < 10; step++) {
      seen.push(...ids(page));
      publish(2); // two new notes at the top of the list after each page read
      if (!page.older) break;
      expect(page.older).toEqual({ before: ids(page).at(-1) });
      page = list(page.older as ListPosition, 5);
    }
    expect(seen).toEqual(existing);
    expect(page.older).toBeNull(); // the last page says so
  });

  it('walks back with "newer" links to the top, without repeats, then offers no newer page', () => {
    const all = publish(12).reverse();
    let page = list({ before: all[9]! }, 4); // the oldest two notes
    expect(ids(page)).toEqual(all.slice(10));
    const seen = [...ids(page)];
    while (page.newer) {
      page = list(positionOf(page.newer), 4);
      seen.unshift(...ids(page));
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(page.newer).toBeNull();
  });

  it('keeps numbered pages as they were, linking onwards by cursor', () => {
    const all = publish(12).reverse();
    const second = list({ page: 2 }, 5);
    expect(ids(second)).toEqual(all.slice(5, 10));
    expect(second).toMatchObject({ page: 2, pageCount: 3, newer: 'first', older: { before: all[9] } });
    expect(list({ page: 3 }, 5)).toMatchObject({ newer: { after: all[10] }, older: null });
    expect(list({ page: 1 }, 5)).toMatchObject({ newer: null, older: { before: all[4] } });
  });
});

describe('numbered pages past the offset cap', () => {
  it(`list the same notes from their cursor address and say where it is (page ${MAX_NUMBERED_PAGE + 5})`, () => {
    const all = publish(MAX_NUMBERED_PAGE + 10).reverse();
    const page = MAX_NUMBERED_PAGE + 5;
    const deep = listPublishedNotes({ page }, 1);
    expect(ids(deep)).toEqual([all[page - 1]]);
    expect(deep.redirect).toEqual({ before: all[page - 2] });
    expect(ids(listPublishedNotes(deep.redirect as ListPosition, 1))).toEqual(ids(deep));
    expect(listPublishedNotes({ page: MAX_NUMBERED_PAGE }, 1).redirect).toBeUndefined();
    const beyond = listPublishedNotes({ page: 10_000 }, 1); // past the end: empty, as before
    expect(beyond).toMatchObject({ items: [], newer: 'first', older: null });
    expect(beyond.redirect).toBeUndefined();
  });
});

describe('cursors that name no note of the list', () => {
  it('send the reader to the first page', () => {
    publish(3);
    expect(listPublishedNotes({ before: 999 }).redirect).toBe('first');
    db.exec(
      "INSERT INTO notes (id, author_id, title, body_markdown, body_html, licence, status) VALUES (500, 1, 'ร่าง', 'ก', '<p>ก</p>', 'cc-by-4.0', 'draft')",
    );
    expect(listPublishedNotes({ after: 500 }).redirect).toBe('first'); // a draft has no place in the list
  });

  it('still work when the cursor note was hidden since (its place in time is kept)', () => {
    const all = publish(6).reverse();
    db.prepare('UPDATE notes SET hidden_at = 1 WHERE id = ?').run(all[2]);
    expect(ids(listPublishedNotes({ before: all[2]! }, 10))).toEqual(all.slice(3));
  });
});

describe('addresses', () => {
  it('reads before, after or page from the query, and builds links under any base path', () => {
    expect(readListPosition(new URLSearchParams('before=42'))).toEqual({ before: 42 });
    expect(readListPosition(new URLSearchParams('after=7&page=3'))).toEqual({ after: 7 });
    expect(readListPosition(new URLSearchParams('page=3'))).toEqual({ page: 3 });
    for (const junk of ['before=-1', 'before=abc', 'before=0', 'page=-2', 'page=1e99', 'before=1234567890123456789'])
      expect(readListPosition(new URLSearchParams(junk))).toEqual({ page: 1 });
    expect(listHref('/', { before: 42 })).toBe('/?before=42');
    expect(listHref('/aar?year=2025', { after: 7 })).toBe('/aar?year=2025&after=7');
    expect(listHref('/tags/km', 'first')).toBe('/tags/km');
  });
});

describe('AAR and event lists: the addresses of before and unknown cursors', () => {
  it(`redirect a numbered page past ${MAX_NUMBERED_PAGE} to its cursor, which lists the same row`, () => {
    const aars = Array.from({ length: MAX_NUMBERED_PAGE + 3 }, (_, i) => writeAar(nextDate(i))).reverse();
    const events = writeEvents(MAX_NUMBERED_PAGE + 3, null).reverse();
    for (const [all, list] of [
      [aars, (p: ListPosition) => listAars({}, p, 1)],
      [events, (p: ListPosition) => listEventPage(p, { perPage: 1 })],
    ] as const) {
      const deep = list({ page: MAX_NUMBERED_PAGE + 2 });
      expect(deep.redirect).toEqual({ before: all[MAX_NUMBERED_PAGE] });
      expect(ids(deep)).toEqual([all[MAX_NUMBERED_PAGE + 1]]);
      expect(ids(list(deep.redirect as ListPosition))).toEqual(ids(deep));
      expect(list({ page: MAX_NUMBERED_PAGE }).redirect).toBeUndefined(); // within the cap: by offset, as before
    }
  });

  it('send a cursor that is no published AAR, or no event, to the first page', () => {
    const aar = writeAar('2025-03-01');
    const [note] = publish(1);
    const draft = writeAar('2025-03-02', KHON_KAEN, 'draft');
    for (const cursor of [note!, draft, 99_999]) {
      expect(listAars({}, { before: cursor }).redirect).toBe('first');
      expect(listAars({ year: 2025 }, { after: cursor }).redirect).toBe('first');
    }
    expect(ids(listAars({}, { after: aar }))).toEqual([]); // a real AAR with nothing newer: an empty page sends home too
    expect(listAars({}, { after: aar }).redirect).toBe('first');
    const [event] = writeEvents(1, null);
    expect(listEventPage({ before: 99_999 }).redirect).toBe('first');
    expect(listEventPage({ before: event! }).redirect).toBeUndefined();
  });
});

describe('the AAR list follows its notes (aar_reports.listed, kept by triggers)', () => {
  it('drops an AAR that is hidden, deleted, drafted or whose author is suspended, and takes it back when undone', () => {
    const [a, b, c] = [writeAar('2025-01-03'), writeAar('2025-01-02'), writeAar('2025-01-01')];
    const listed = () => ids(listAars({}, { page: 1 }));
    expect(listed()).toEqual([a, b, c]);
    db.prepare('UPDATE notes SET hidden_at = 1 WHERE id = ?').run(a);
    db.prepare('UPDATE notes SET deleted_at = 1 WHERE id = ?').run(b);
    expect(listed()).toEqual([c]);
    db.prepare('UPDATE notes SET hidden_at = NULL, deleted_at = NULL WHERE id IN (?, ?)').run(a, b);
    db.prepare("UPDATE notes SET status = 'draft' WHERE id = ?").run(c);
    expect(listed()).toEqual([a, b]);
    db.prepare('UPDATE users SET suspended_at = 1 WHERE id = 1').run();
    expect(listed()).toEqual([]);
    db.prepare('UPDATE users SET suspended_at = NULL WHERE id = 1').run();
    expect(listed()).toEqual([a, b]);
    expect(listAars({}).total).toBe(2);
  });
});
