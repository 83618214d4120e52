/**
 * `npx tsx bench/query-plans.ts` (DATABASE_PATH=a seeded database): times every list query the
 * pages make and prints SQLite's plan for each statement, to spot full scans and temp sorts.
 */
import { getDb } from '../db/client.ts';
import {
  listDrafts,
  listNotesByAuthor,
  listNotesByTag,
  listPublishedNotes,
  listRecentlyCommented,
  getNoteForViewer,
} from '../src/lib/server/note.ts';
import { listCommentThreads } from '../src/lib/server/comment.ts';
import { listRelatedNotes } from '../src/lib/server/reading.ts';
import { listCommunities, listCommunityNotes } from '../src/lib/server/community.ts';
import { listAars } from '../src/lib/server/aar.ts';
import { EVENTS_PER_PAGE, gatherEventNotes, getEvent, listEventPage } from '../src/lib/server/event.ts';

const db = getDb();
const sqlite = db.$client;
/** Each statement the cases ran, with the case name and the values it was run with (plans depend on them: STAT4). */
const seen = new Map<string, { name: string; params: unknown[] }>();
const prepare = sqlite.prepare.bind(sqlite);
let current = '';
(sqlite as { prepare: typeof sqlite.prepare }).prepare = ((source: string) => {
  const statement = prepare(source);
  if (source.startsWith('EXPLAIN') || !current) return statement;
  for (const method of ['all', 'get', 'run', 'values'] as const) {
    const original = (statement as any)[method]?.bind(statement);
    if (original)
      (statement as any)[method] = (...params: unknown[]) => {
        if (!seen.has(source)) seen.set(source, { name: current, params });
        return original(...params);
      };
  }
  return statement;
}) as typeof sqlite.prepare;

const busyAuthor = sqlite.prepare('SELECT author_id FROM notes GROUP BY author_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
const busyTag = sqlite
  .prepare('SELECT t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id GROUP BY nt.tag_id ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as string;
// A note with 50 comments, or the most commented one on a smaller seed.
const note50 = (sqlite.prepare("SELECT id, author_id FROM notes WHERE comment_count >= 50 AND status = 'published' LIMIT 1").get() ??
  sqlite.prepare("SELECT id, author_id FROM notes WHERE status = 'published' ORDER BY comment_count DESC LIMIT 1").get()) as {
  id: number;
  author_id: number;
};
const total = sqlite.prepare('SELECT count(*) FROM notes').pluck().get() as number;
const busyCommunity = sqlite
  .prepare('SELECT community_id FROM community_notes GROUP BY community_id ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as number | undefined;
const busyAar = sqlite.prepare('SELECT province_code, year FROM aar_reports GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1').get() as
  { province_code: string; year: number } | undefined;
const busyEvent = sqlite
  .prepare('SELECT event_id FROM notes WHERE event_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as number | undefined;
const aarCount = sqlite.prepare('SELECT count(*) FROM aar_reports').pluck().get() as number;
const eventCount = sqlite.prepare('SELECT count(*) FROM events').pluck().get() as number;
// Cursors halfway down the AAR and event lists (?before=<id>), found once by walking the index.
const aarCursor = sqlite
  .prepare('SELECT note_id FROM aar_reports ORDER BY start_date DESC, note_id DESC LIMIT 1 OFFSET ?')
  .pluck()
  .get(Math.floor(aarCount / 2)) as number | undefined;
const eventCursor = sqlite
  .prepare('SELECT id FROM events ORDER BY start_date DESC, id DESC LIMIT 1 OFFSET ?')
  .pluck()
  .get(Math.floor(eventCount / 2)) as number | undefined;
const deepPage = Math.max(1, Math.floor(total / 20 / 2));
// The cursor of that page (?before=<id>): the last note of the page before it.
const deepCursor = listPublishedNotes(deepPage - 1).items.at(-1)?.id ?? 1;
const deepTagCursor = listNotesByTag(busyTag, 100).items.at(-1)?.id ?? 1;

const cases: [string, () => unknown][] = [
  ['home page 1', () => listPublishedNotes(1)],
  [`home page ${deepPage} (?page=, offset)`, () => listPublishedNotes(deepPage)],
  [`home page ${deepPage} (?before=, keyset)`, () => listPublishedNotes({ before: deepCursor })],
  [`home page ${deepPage} (?after=, keyset)`, () => listPublishedNotes({ after: deepCursor })],
  ['recently commented', () => listRecentlyCommented(8)],
  [`busiest author (${busyAuthor})`, () => listNotesByAuthor(busyAuthor, 1)],
  ['drafts of busiest author', () => listDrafts(busyAuthor)],
  [`busiest tag #${busyTag}`, () => listNotesByTag(busyTag, 1)],
  [`busiest tag page 101 (?before=, keyset)`, () => listNotesByTag(busyTag, { before: deepTagCursor })],
  [`related notes of ${note50.id}`, () => listRelatedNotes(note50.id)],
  ['communities index', () => listCommunities()],
  ...(busyCommunity ? [[`community ${busyCommunity} notes`, () => listCommunityNotes(busyCommunity, 1)] as [string, () => unknown]] : []),
  ['aar page 1', () => listAars({})],
  ...(aarCursor
    ? [[`aar halfway (?before=, ${aarCount} AARs)`, () => listAars({}, { before: aarCursor })] as [string, () => unknown]]
    : []),
  ...(busyAar
    ? [
        [
          `aar province ${busyAar.province_code} + year ${busyAar.year}`,
          () => listAars({ provinceCode: busyAar.province_code, year: busyAar.year }),
        ] as [string, () => unknown],
      ]
    : []),
  [`events page 1 (${EVENTS_PER_PAGE} with note counts)`, () => listEventPage({ page: 1 })],
  ...(eventCursor
    ? [[`events halfway (?before=, ${eventCount} events)`, () => listEventPage({ before: eventCursor })] as [string, () => unknown]]
    : []),
  ...(busyEvent ? [[`event ${busyEvent} notes`, () => gatherEventNotes(getEvent(busyEvent)!)] as [string, () => unknown]] : []),
  [
    `note ${note50.id} + comments`,
    () => {
      getNoteForViewer(null, note50.id);
      return listCommentThreads(note50.id, null, note50.author_id);
    },
  ],
];
for (const [name, run] of cases) {
  current = name;
  run();
  const runs = 20;
  const started = performance.now();
  for (let i = 0; i < runs; i++) run();
  console.log(`${name.padEnd(36)} ${((performance.now() - started) / runs).toFixed(2)} ms`);
}
console.log('\nplans:');
for (const [source, { name, params }] of seen) {
  const plan = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
  console.log(`\n[${name}] ${source.slice(0, 160).replace(/\s+/g, ' ')}`);
  for (const row of plan) console.log(`   ${row.detail}`);
}
