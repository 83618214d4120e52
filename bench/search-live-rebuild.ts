/**
 * `npm run bench:search-live-rebuild -- --notes 1000000 --comments 10000000` (a site `npm run bench`
 * seeded, in bench/.data): a full search-index rebuild as a live site meets it after a deploy that
 * changed the index format. The built server runs with index updates on (WORKERS=2) over an index
 * of an older format (one shard, built first); it serves that index and keeps it current while its
 * own background child rebuilds every shard (schedule.ts). Meanwhile a note is published every
 * --publish-every seconds and timed until the index finds it, searched as the page does. Prints the
 * rebuild's progress lines (from the server log) and time, every publish→findable time, and the
 * compressed bytes a browser fetches for a first query on the new index. `--keep-index` keeps the
 * built index in bench/.data; `--first-queries-only` then measures only the first queries on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { buildIfNeeded } from '../scripts/lib/build-if-needed.ts';
import { freePort } from '../tests/helpers/server.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../src/lib/server/search-index/disk-search.ts';
import { readManifest, writeManifest } from '../src/lib/server/search-index/store.ts';
import { DOCUMENT_FORMAT } from '../src/lib/search/manifest.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const NOTES = arg('notes', 100_000);
const COMMENTS = arg('comments', NOTES * 10);
const PUBLISH_EVERY_MS = arg('publish-every', 120) * 1000;
const FINDABLE_LIMIT_MS = 60_000;
const DATA = join('bench', '.data');
const databasePath = join(DATA, `site-${NOTES}-${COMMENTS}.db`);
const indexDir = join(DATA, `search-${NOTES}-${COMMENTS}`);
if (!existsSync(databasePath))
  throw new Error(`${databasePath} is missing: seed it with npm run bench -- --notes ${NOTES} --comments ${COMMENTS}`);
buildIfNeeded();

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const env = { ...process.env, DATABASE_PATH: databasePath, SEARCH_INDEX_DIR: indexDir, NODE_ENV: 'production' };

function runIndexer(args: string[], onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) onLine(line);
    });
  }
  return child;
}
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

/** Compressed bytes a browser fetches for a first query, and its hits and cold time, for three queries. */
async function measureFirstQueries(): Promise<string[]> {
  const manifest = readManifest(indexDir);
  const lines: string[] = [];
  for (const query of ['ชุมชน', 'ภาคีเครือข่าย', 'gotoKnow 2550']) {
    let bytes = gzipSync(JSON.stringify(manifest)).length;
    const client = await openDiskSearch(indexDir, {
      loadAllShards: false,
      onFetch: (file, content) => (bytes += /\.(js|json)$/.test(file) ? gzipSync(content).length : content.length),
    });
    const startedAt = Date.now();
    const answer = await client.search(query, { limit: 10 });
    lines.push(
      `first query "${query}": ${(bytes / 1024).toFixed(0)} KB compressed, ${answer.hits.length} hits, ${Date.now() - startedAt} ms cold`,
    );
  }
  await closePagefind();
  return lines;
}

if (process.argv.includes('--first-queries-only')) {
  // On the index a previous run kept (--keep-index).
  for (const line of await measureFirstQueries()) console.log(line);
  process.exit(0);
}

// 1. The old index the site serves during the rebuild: shard 0 only, in no format (as before format 2).
rmSync(indexDir, { recursive: true, force: true });
mkdirSync(indexDir, { recursive: true });
// An empty old-format index synced now, so that building shard 0 into it folds in no other note.
const { format: _newFormat, ...empty } = readManifest(indexDir);
writeManifest(indexDir, { ...empty, syncedAt: Date.now() });
const startedAt = Date.now();
console.log('building the old index (shard 0 only) …');
let indexerOutput = '';
if ((await exited(runIndexer(['--compact', '0'], (line) => (indexerOutput += `${line}\n`)))) !== 0)
  throw new Error(`the old index build failed:\n${indexerOutput}`);
console.log(`old index ready in ${elapsed(startedAt)}`);

// 2. The site, as `npm start` runs it, with index updates on.
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const logPath = join(DATA, 'search-live-server.log');
const log = openSync(logPath, 'w');
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
  env: { ...env, HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: '0', WORKERS: '2', TRUST_PROXY: '1', SEARCH_INDEX_UPDATES: '1' },
  stdio: ['ignore', log, log],
});
const deadline = Date.now() + 120_000;
while (!readFileSync(logPath, 'utf8').includes('พร้อมให้บริการ')) {
  if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start:\n${readFileSync(logPath, 'utf8')}`);
  await new Promise((r) => setTimeout(r, 200));
}
const db = new Database(databasePath, { readonly: true });
const writer = db.prepare('SELECT username FROM users ORDER BY id LIMIT 1 OFFSET 7').pluck().get() as string;
db.close();
const login = await fetch(`${baseUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': '192.0.2.20' },
  body: JSON.stringify({ username: writer, password: 'banthuek-demo' }),
});
if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

/** Publishes a note with a word no other note has and times until the index finds it, searched as the page does. */
async function publishAndFind(label: string): Promise<number | null> {
  const word = `ทดสอบค้นหา${Date.now().toString(36)}`;
  const startedAt = Date.now();
  const created = await fetch(`${baseUrl}/api/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie },
    body: JSON.stringify({ title: `บันทึกใหม่ระหว่างสร้างดัชนี ${word}`, body: `เนื้อหาของบันทึก ${word} จากเวทีชุมชน`, tags: ['ทดสอบ'] }),
  });
  if (created.status !== 201) throw new Error(`publish failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  while (Date.now() - startedAt < FINDABLE_LIMIT_MS) {
    const found = await (await openDiskSearch(indexDir, { loadAllShards: false })).search(word);
    if (found.hits.some((hit) => hit.id === id)) {
      const ms = Date.now() - startedAt;
      console.log(`publish→findable (${label}): ${(ms / 1000).toFixed(1)} s`);
      return ms;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`publish→findable (${label}): NOT FOUND within ${FINDABLE_LIMIT_MS / 1000} s`);
  return null;
}

// 3. The server's background rebuild; its progress lines are read from the server log.
const findable: (number | null)[] = [];
const rebuildStartedAt = Date.now();
let logOffset = 0;
let lastPublish = 0;
const switched = () => readManifest(indexDir).format === DOCUMENT_FORMAT;
while (!switched()) {
  const text = readFileSync(logPath, 'utf8');
  for (const line of text.slice(logOffset).split('\n'))
    if (line.includes('search index rebuild')) console.log(`${elapsed(rebuildStartedAt)}  ${JSON.parse(line).progress}`);
  logOffset = text.lastIndexOf('\n') + 1;
  if (Date.now() - lastPublish >= PUBLISH_EVERY_MS) {
    lastPublish = Date.now();
    findable.push(await publishAndFind(`during the rebuild, at ${elapsed(rebuildStartedAt)}`));
  }
  await new Promise((r) => setTimeout(r, 5_000));
}
const rebuildSeconds = (Date.now() - rebuildStartedAt) / 1000;
findable.push(await publishAndFind('after the switch'));

// 4. What a browser fetches for a first query on the new index (Pagefind files are gzip already),
// with the site stopped: its updates replace bundles, which would race the reads below.
server.kill('SIGTERM');
await exited(server);
const manifest = readManifest(indexDir);
const indexed = manifest.shards.reduce((sum, shard) => sum + shard.notes, 0);
const firstQueries = await measureFirstQueries();

const times = findable.filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
console.log(
  `\nfull rebuild of ${indexed.toLocaleString()} public notes in ${manifest.shards.length} shards: ${(rebuildSeconds / 60).toFixed(1)} min ` +
    `(${Math.round(indexed / rebuildSeconds)} notes/s), in the background while the site served the old index`,
);
console.log(
  `publish→findable: ${findable.length} publishes, ${findable.length - times.length} not found within ${FINDABLE_LIMIT_MS / 1000} s; ` +
    `median ${((times[Math.floor(times.length / 2)] ?? 0) / 1000).toFixed(1)} s, max ${((times.at(-1) ?? 0) / 1000).toFixed(1)} s (target ≤ 10 s)`,
);
for (const line of firstQueries) console.log(line);
if (!process.argv.includes('--keep-index')) rmSync(indexDir, { recursive: true, force: true });
