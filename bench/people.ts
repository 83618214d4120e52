/**
 * `npx tsx bench/people.ts [--members 100000]`: times the people directory (/people, /api/people)
 * on a generated site of that many members, each with a province, an organisation, a position and
 * up to five expertise tags (3% hidden, 1% suspended), and prints SQLite's plan for each query.
 * The database is made once under bench/.data/ and reused. Times are the median of 25 runs.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeDb, getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { FIRST_NAMES, LAST_NAMES, ORGANISATIONS, PROVINCES, TOPICS, createRandom } from '../scripts/lib/thai-corpus.ts';
import { parseDirectoryQuery } from '../src/lib/people-validation.ts';

const at = process.argv.indexOf('--members');
const MEMBERS = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const RUNS = 25;
const DAY_MS = 86_400_000;
const LATIN = ['Somchai', 'Malee', 'Prasert', 'Wanpen', 'Sunthorn', 'Aroonee', 'Boonmee', 'Thongbai'];

const dir = join('bench', '.data');
mkdirSync(dir, { recursive: true });
const path = join(dir, `people-${MEMBERS}.db`);
const fresh = !existsSync(path);
process.env.DATABASE_PATH = path;
const db = getDb();
migrateDatabase(db);
const sqlite = db.$client;

if (fresh) {
  const started = performance.now();
  const r = createRandom(15);
  const now = Date.now();
  const insertUser =
    sqlite.prepare(`INSERT INTO users (username, display_name, password_hash, organisation, province, position, hidden_from_directory,
    note_count, last_active_at, suspended_at, created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertExpertise = sqlite.prepare('INSERT OR IGNORE INTO user_expertise (user_id, name, position) VALUES (?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = 1; i <= MEMBERS; i++) {
      const province = r.pick(PROVINCES);
      const name = r.next() < 0.1 ? `${r.pick(LATIN)} ${r.pick(LATIN)}son` : `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
      // A few members write a lot; most write a little or nothing.
      const notes = r.next() < 0.4 ? 0 : Math.floor(1 / (r.next() + 0.01));
      const active = notes > 0 || r.next() < 0.3 ? now - Math.floor(r.next() * 365 * DAY_MS) : null;
      const id = insertUser.run(
        `person${i}`,
        name,
        `${r.pick(ORGANISATIONS)}${province}`,
        province,
        r.next() < 0.5 ? 'นักวิชาการ' : null,
        r.next() < 0.03 ? 1 : 0,
        notes,
        active,
        r.next() < 0.01 ? now : null,
        now,
        now,
      ).lastInsertRowid as number;
      const count = Math.floor(r.next() * 6);
      for (let k = 0; k < count; k++) insertExpertise.run(id, r.pick(TOPICS).toLowerCase(), k + 1);
    }
  })();
  sqlite.exec('ANALYZE');
  console.log(`generated ${MEMBERS.toLocaleString()} members in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
// Imported after DATABASE_PATH is set: the module reads the connection on first use.
const { forgetDirectoryCounts, listPeople } = await import('../src/lib/server/people.ts');

const q = (params: Record<string, string>) => parseDirectoryQuery(new URLSearchParams(params));
const cases: [string, ReturnType<typeof q>][] = [
  ['everyone, recent activity, page 1', q({})],
  ['everyone, by notes, page 1', q({ sort: 'notes' })],
  ['everyone, recent activity, page 200', q({ page: '200' })],
  ['province', q({ province: 'เชียงใหม่' })],
  ['province + expertise', q({ province: 'เชียงใหม่', expertise: 'การจัดการความรู้' })],
  ['expertise, by notes', q({ expertise: 'อสม.', sort: 'notes' })],
  ['organisation contains', q({ organisation: 'สสจ.' })],
  ['Thai name', q({ q: 'สมชาย' })],
  ['Latin name', q({ q: 'somchai' })],
  ['Thai name + province + expertise', q({ q: 'มาลี', province: 'น่าน', expertise: 'แผนชุมชน' })],
  ['name matching nobody', q({ q: 'ไม่มีใครชื่อนี้' })],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `people directory at ${(sqlite.prepare('SELECT count(*) FROM users').pluck().get() as number).toLocaleString()} members, ${(sqlite.prepare('SELECT count(*) FROM user_expertise').pluck().get() as number).toLocaleString()} expertise rows (median of ${RUNS})`,
);
console.log('Totals above 1,000 are kept a minute per process: "uncached" counts them, "repeat" is a later request.');
console.log('| query | uncached ms | repeat ms | results | pages |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, query] of cases) {
  const cold: number[] = [];
  const warm: number[] = [];
  let result = listPeople(query);
  for (let i = 0; i < RUNS; i++) {
    forgetDirectoryCounts();
    let t = performance.now();
    result = listPeople(query);
    cold.push(performance.now() - t);
    t = performance.now();
    listPeople(query);
    warm.push(performance.now() - t);
  }
  console.log(
    `| ${name} | ${median(cold).toFixed(2)} | ${median(warm).toFixed(2)} | ${result.total.toLocaleString()} | ${result.pageCount.toLocaleString()} |`,
  );
}
console.log(
  `(load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`,
);
closeDb();
