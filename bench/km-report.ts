/**
 * `npx tsx bench/km-report.ts [--notes 100000] [--comments N] [--runs 15]`: times the KM report
 * (issue 26) on a generated site (`npm run seed -- --notes N`'s generator, made once under
 * bench/.data/ and reused): one province and one year (the target: ≤ 200 ms at 1M notes), one
 * community and one year, and the whole site for a year. Prints the median and worst of `runs`,
 * the counts, and SQLite's plan for each statement.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedBulk } from '../scripts/lib/seed-bulk.ts';
import { countKm } from '../src/lib/server/km-report.ts';
import { listProvinces } from '../src/lib/server/places.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const NOTES = option('notes', 100_000);
const COMMENTS = option('comments', NOTES * 10);
const RUNS = option('runs', 15);
const BANGKOK_MS = 7 * 3_600_000;

const dir = join('bench', '.data');
mkdirSync(dir, { recursive: true });
const path = join(dir, `km-${NOTES}-${COMMENTS}.db`);
const fresh = !existsSync(path);
process.env.DATABASE_PATH = path;
const db = getDb();
migrateDatabase(db);
const sqlite = db.$client;
if (fresh) {
  console.log(`seeding ${NOTES.toLocaleString()} notes / ${COMMENTS.toLocaleString()} comments into ${path} …`);
  const result = await seedBulk(sqlite, { notes: NOTES, comments: COMMENTS, log: (line) => console.log(line) });
  console.log(`seeded in ${(result.ms / 1000).toFixed(1)} s`);
}

// The busiest province (by its members' notes) and the last full year of the generated span.
const province = sqlite
  .prepare(
    "SELECT u.province FROM notes n JOIN users u ON u.id = n.author_id WHERE n.status = 'published' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
  )
  .pluck()
  .get() as string;
const code = listProvinces().find((p) => p.name === province)?.code ?? null;
const lastYear = new Date(Date.now()).getUTCFullYear() - 1;
const community = sqlite
  .prepare('SELECT community_id FROM community_notes GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as number;
const year = (y: number) => ({
  from: `${y}-01-01`,
  to: `${y}-12-31`,
  fromMs: Date.parse(`${y}-01-01T00:00:00Z`) - BANGKOK_MS,
  untilMs: Date.parse(`${y + 1}-01-01T00:00:00Z`) - BANGKOK_MS,
});
const cases = [
  {
    name: `province ${province} (${code}), ${lastYear}`,
    scope: { provinceName: province, provinceCode: code, communityId: null, ...year(lastYear) },
  },
  {
    name: `community ${community}, ${lastYear}`,
    scope: { provinceName: null, provinceCode: null, communityId: community, ...year(lastYear) },
  },
  { name: `whole site, ${lastYear}`, scope: { provinceName: null, provinceCode: null, communityId: null, ...year(lastYear) } },
];

// Plans: catch each statement the report prepares once.
const statements = new Set<string>();
const prepare = sqlite.prepare.bind(sqlite);
(sqlite as { prepare: typeof sqlite.prepare }).prepare = ((source: string) => {
  if (!source.startsWith('EXPLAIN')) statements.add(source);
  return prepare(source);
}) as typeof sqlite.prepare;

const total = sqlite.prepare('SELECT count(*) FROM notes').pluck().get() as number;
console.log(`\nKM report on ${total.toLocaleString()} notes (${path}), ${RUNS} runs each after one warm-up:`);
for (const { name, scope } of cases) {
  statements.clear();
  const counts = countKm(scope);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    countKm(scope);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`\n${name}: median ${times[Math.floor(RUNS / 2)]!.toFixed(1)} ms, worst ${times[RUNS - 1]!.toFixed(1)} ms`);
  console.log(`  ${JSON.stringify(counts)}`);
  if (process.argv.includes('--plans')) {
    for (const source of statements) {
      const params = (source.match(/\?/g) ?? []).map(() => 0);
      const plan = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
      console.log(`  ${source.replace(/\s+/g, ' ').slice(0, 110)}…\n${plan.map((p) => `    ${p.detail}`).join('\n')}`);
    }
  }
}
