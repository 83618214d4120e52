/**
 * `npx tsx bench/query-plans.ts` (DATABASE_PATH=a seeded database): times every list query the
 * pages make and prints SQLite's plan for each statement, to spot full scans and temp sorts.
 */
import { getDb } from '../db/client.ts';
import { listDrafts, listNotesByAuthor, listNotesByTag, listPublishedNotes, listRecentlyCommented, getNoteForViewer } from '../src/lib/server/note.ts';
import { listCommentThreads } from '../src/lib/server/comment.ts';
import { listRelatedNotes } from '../src/lib/server/reading.ts';
import { listCommunities, listCommunityNotes } from '../src/lib/server/community.ts';

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
    if (original) (statement as any)[method] = (...params: unknown[]) => {
      if (!seen.has(source)) seen.set(source, { name: current, params });
      return original(...params);
    };
  }
  return statement;
}) as typeof sqlite.prepare;

const busyAuthor = sqlite.prepare("SELECT author_id FROM notes GROUP BY author_id ORDER BY count(*) DESC LIMIT 1").pluck().get() as number;
const busyTag = sqlite.prepare('SELECT t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id GROUP BY nt.tag_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
const note50 = sqlite.prepare("SELECT id, author_id FROM notes WHERE comment_count >= 50 AND status = 'published' LIMIT 1").get() as { id: number; author_id: number };
const total = sqlite.prepare('SELECT count(*) FROM notes').pluck().get() as number;
const busyCommunity = sqlite.prepare('SELECT community_id FROM community_notes GROUP BY community_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number | undefined;
const deepPage = Math.max(1, Math.floor(total / 20 / 2));
// The cursor of that page (?before=<id>): the last note of the page before it.
const deepCursor = (listPublishedNotes(deepPage - 1).items.at(-1)?.id ?? 1);
const deepTagCursor = (listNotesByTag(busyTag, 100).items.at(-1)?.id ?? 1);

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
  [`note ${note50.id} + comments`, () => { getNoteForViewer(null, note50.id); return listCommentThreads(note50.id, null, note50.author_id); }],
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
