/**
 * `npm run bench [-- --notes 100000 --comments 1000000 --duration 10 --connections 32 --only home,home-writes]`
 * Seeds (or reuses) a generated site of that size, starts the built server as `npm start` does
 * (WORKERS default = cores), warms up, then runs autocannon against each page and prints req/s,
 * p50/p99 latency, the largest RSS of every server process, and the static-file ratio.
 * Requests send `Accept-Encoding: br, gzip` as browsers do. The load generator shares the box.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildIfNeeded } from '../scripts/lib/build-if-needed.ts';
import { freePort } from '../tests/helpers/server.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const NOTES = arg('notes', 100_000);
const COMMENTS = arg('comments', NOTES * 10);
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 32);
const WORKERS = arg('workers', availableParallelism());
const WARMUP_SECONDS = 3;
/** `--only static,note`: run just these targets (ids below), e.g. to repeat one ratio several times. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
const DATA = join('bench', '.data');
const STATIC_NAME = 'bench-static.html';
const HEADERS = { 'accept-encoding': 'br, gzip' };

mkdirSync(DATA, { recursive: true });
buildIfNeeded();

// 1. Data: a generated site of the asked size, made once and reused.
const databasePath = join(DATA, `site-${NOTES}-${COMMENTS}.db`);
let seedSeconds: number | null = null;
if (!existsSync(databasePath)) {
  console.log(`seeding ${NOTES.toLocaleString()} notes / ${COMMENTS.toLocaleString()} comments …`);
  const started = performance.now();
  const seed = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--notes', String(NOTES), '--comments', String(COMMENTS)], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    stdio: 'inherit',
  });
  await new Promise((resolve, reject) =>
    seed.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`seed failed: ${code}`)))),
  );
  seedSeconds = (performance.now() - started) / 1000;
}
const db = new Database(databasePath, { readonly: true });
const note = db
  .prepare(
    "SELECT n.id, u.username FROM notes n JOIN users u ON u.id = n.author_id WHERE n.comment_count = 50 AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL ORDER BY n.id LIMIT 1",
  )
  .get() as { id: number; username: string };
const tag = db
  .prepare('SELECT t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id GROUP BY nt.tag_id ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as string;
const reader = db.prepare('SELECT username FROM users ORDER BY id DESC LIMIT 1').pluck().get() as string;
const counts = db.prepare('SELECT (SELECT count(*) FROM notes) AS notes, (SELECT count(*) FROM comments) AS comments').get() as {
  notes: number;
  comments: number;
};
/** Page DEEP_PAGE of the home list and its cursor (the last note of the page before it). */
const DEEP_PAGE = 2_000;
const deepCursor = db
  .prepare(
    "SELECT id FROM notes WHERE status = 'published' AND deleted_at IS NULL AND hidden_at IS NULL ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ?",
  )
  .pluck()
  .get((DEEP_PAGE - 1) * 20 - 1) as number;
db.close();

// 2. Server, exactly as `npm start` runs it; its log goes to a file as it would in production.
async function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const logPath = join(DATA, 'server.log');
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      SEED_DEMO: '0',
      WORKERS: String(WORKERS),
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      // The search index is built by its own child process (measured by bench:search); at 100k notes a
      // first build takes minutes of one core and ~700 MB, which would measure the indexer, not the pages.
      SEARCH_INDEX_UPDATES: '0',
    },
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 60_000;
  while (!readFileSync(logPath, 'utf8').includes('พร้อมให้บริการ')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${readFileSync(logPath, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}
async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A static file with the anonymous note page's own bytes: same size, same compressibility. */
const staticPath = join('dist', 'client', STATIC_NAME);
rmSync(staticPath, { force: true });
let server = await startServer();
const notePath = `/notes/${note.id}`;
const pageHtml = await (await fetch(server.baseUrl + notePath)).text();
await stopServer(server.child);
writeFileSync(staticPath, pageHtml);
server = await startServer();

const login = await fetch(`${server.baseUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: server.baseUrl, 'x-forwarded-for': '192.0.2.10' },
  body: JSON.stringify({ username: reader, password: 'banthuek-demo' }),
});
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

// 3. RSS of the primary and every worker, sampled while load runs.
function serverPids(): number[] {
  const pids = [server.child.pid!];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === server.child.pid) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}
const rssMax = new Map<number, number>();
function sampleRss() {
  for (const pid of serverPids()) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      rssMax.set(pid, Math.max(rssMax.get(pid) ?? 0, kb * 1024));
    } catch {
      /* gone */
    }
  }
}

// The tag a CDN or browser holds for the anonymous note page (brotli, as the load asks for it).
const etag = (await fetch(server.baseUrl + notePath, { headers: HEADERS })).headers.get('etag');
if (!etag) throw new Error('the anonymous note page has no ETag');

interface Target {
  id: string;
  name: string;
  path: string;
  headers?: Record<string, string>;
  writes?: boolean;
  expect304?: boolean;
}
const allTargets: Target[] = [
  { id: 'static', name: 'static file, same size', path: `/${STATIC_NAME}` },
  { id: 'note', name: 'note, 50 comments, anonymous', path: notePath },
  { id: 'note-304', name: 'note, anonymous, If-None-Match → 304', path: notePath, headers: { 'if-none-match': etag }, expect304: true },
  { id: 'note-signed-in', name: 'note, 50 comments, signed in', path: notePath, headers: { cookie } },
  { id: 'home', name: 'home', path: '/' },
  { id: 'home-writes', name: 'home, with view beacons and comments', path: '/', writes: true },
  { id: 'tag', name: `tag #${tag}`, path: `/tags/${encodeURIComponent(tag)}` },
  { id: 'profile', name: 'profile', path: `/u/${note.username}` },
];
const targets = ONLY ? allTargets.filter((t) => ONLY.includes(t.id)) : allTargets;

/** CPU time (user + system, ms) used so far by the primary and the workers. */
function serverCpuMs(): number {
  let total = 0;
  for (const pid of serverPids()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
    } catch {
      /* gone */
    }
  }
  return total;
}

/** Anonymous readers' view beacons on random notes, each from its own address. */
const BEACONS_PER_SECOND = 40;
/** Comments by the signed-in reader (its rate limit allows 30 per 10 minutes). */
const COMMENT_EVERY_MS = 2_000;
/**
 * Writes mixed into a read load, as a live site has them: view beacons (one UPDATE each) and comments.
 * Returns a function that stops them and reports how many were sent and how many failed.
 */
function startWrites(): () => { sent: number; failed: number } {
  let sent = 0;
  let failed = 0;
  const send = (path: string, init: RequestInit) => {
    sent++;
    fetch(server.baseUrl + path, { method: 'POST', ...init, headers: { origin: server.baseUrl, ...init.headers } })
      .then((r) => {
        if (r.status >= 500) failed++;
        return r.arrayBuffer();
      })
      .catch(() => {
        failed++;
      });
  };
  const beacons = setInterval(() => {
    const id = 1 + Math.floor(Math.random() * counts.notes);
    send(`/api/notes/${id}/view`, { headers: { 'x-forwarded-for': `198.51.100.${sent % 250}` } });
  }, 1000 / BEACONS_PER_SECOND);
  const comments = setInterval(() => {
    send(`/api${notePath}/comments`, {
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `ความเห็นระหว่างวัดความเร็ว ${sent}` }),
    });
  }, COMMENT_EVERY_MS);
  return () => {
    clearInterval(beacons);
    clearInterval(comments);
    return { sent, failed };
  };
}

async function load(target: Target, seconds: number) {
  const timer = setInterval(sampleRss, 500);
  const stopWrites = target.writes ? startWrites() : null;
  const cpuBefore = serverCpuMs();
  try {
    const result = await autocannon({
      url: server.baseUrl + target.path,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { ...HEADERS, ...target.headers },
    });
    return { result, cpuMsPerRequest: (serverCpuMs() - cpuBefore) / Math.max(1, result.requests.total) };
  } finally {
    clearInterval(timer);
    const writes = stopWrites?.();
    if (writes && seconds === DURATION) console.log(`mixed-in writes: ${writes.sent} sent, ${writes.failed} failed`);
  }
}

console.log(
  `\nsite: ${counts.notes.toLocaleString()} notes, ${counts.comments.toLocaleString()} comments${seedSeconds ? ` (seeded in ${seedSeconds.toFixed(1)} s)` : ' (reused)'}; ` +
    `${WORKERS} workers, ${CONNECTIONS} connections, ${DURATION} s per page, load generator on the same ${availableParallelism()}-core box\n`,
);
const results: { name: string; rps: number; p50: number; p99: number; bytes: number; cpu: number; errors: number }[] = [];
for (const target of targets) {
  await load(target, WARMUP_SECONDS);
  const { result: r, cpuMsPerRequest } = await load(target, DURATION);
  // For the revalidation target a 304 is the success and anything else (a 200 included) an error.
  const wrongStatus = target.expect304 ? r.requests.total - r['3xx'] : r.non2xx;
  results.push({
    name: target.name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytes: r.throughput.average / Math.max(1, r.requests.average),
    cpu: cpuMsPerRequest,
    errors: r.errors + r.timeouts + wrongStatus,
  });
}
/**
 * `--only deep`: how long a deep page of the home list takes to render, uncached (a query string
 * the cache has not seen), one request at a time: by number (offset) and by cursor (keyset).
 */
const deepTimes: [string, number][] = [];
if (ONLY?.includes('deep')) {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, path] of [
    ['page 2 (?page=2)', '/?page=2'],
    [`page ${DEEP_PAGE} (?page=${DEEP_PAGE}, redirects if past the cap)`, `/?page=${DEEP_PAGE}`],
    [`page ${DEEP_PAGE} (?before=${deepCursor})`, `/?before=${deepCursor}`],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}${path}&bench=${Date.now()}-${i}`, { headers: HEADERS });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      times.push(performance.now() - started);
    }
    deepTimes.push([name, median(times)]);
  }
}
const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
await stopServer(server.child);
rmSync(staticPath, { force: true });

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
console.log(row(['page', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'bytes/resp (br)', 'errors']));
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
for (const r of results)
  console.log(
    row([r.name, Math.round(r.rps).toLocaleString(), r.p50, r.p99, r.cpu.toFixed(2), Math.round(r.bytes).toLocaleString(), r.errors]),
  );
for (const [name, ms] of deepTimes) console.log(`home ${name}, uncached: median ${ms.toFixed(1)} ms of 21`);
console.log(
  `\n(load average at the end: ${load1} on ${availableParallelism()} cores — other work on the box lowers req/s; CPU ms/req is steadier)`,
);
const byId = (id: string) => results.find((r) => r.name === allTargets.find((t) => t.id === id)!.name);
const ratioOf = (a: string, b: string) => (byId(a) && byId(b) ? byId(a)!.rps / byId(b)!.rps : undefined);
const ratio = ratioOf('note', 'static');
const mixed = ratioOf('home-writes', 'home');
if (ratio !== undefined)
  console.log(
    `\nanonymous note page / static file: ${ratio.toFixed(2)} (CPU ms/req ${byId('note')!.cpu.toFixed(3)} / ${byId('static')!.cpu.toFixed(3)}; target ≥ 0.5)`,
  );
if (mixed !== undefined)
  console.log(
    `home with writes mixed in / home read-only: ${mixed.toFixed(2)} (CPU ms/req ${byId('home-writes')!.cpu.toFixed(3)} / ${byId('home')!.cpu.toFixed(3)}; target ≥ 0.8)`,
  );
const revalidated = ratioOf('note-304', 'note');
if (revalidated !== undefined) console.log(`304 revalidation / 200 anonymous note page: ${revalidated.toFixed(2)}`);
console.log(
  `largest RSS per process: ${[...rssMax.values()].map((b) => `${Math.round(b / 1024 / 1024)} MB`).join(', ')} (target ≤ 300 MB)`,
);
const checks: [string, boolean | undefined][] = [
  ['static ratio ≥ 0.5', ratio === undefined ? undefined : ratio >= 0.5],
  ['signed-in note ≥ 1,000 req/s', byId('note-signed-in') && byId('note-signed-in')!.rps >= 1000],
  ['home ≥ 2,000 req/s', byId('home') && byId('home')!.rps >= 2000],
  ['home with writes ≥ 0.8 × home', mixed === undefined ? undefined : mixed >= 0.8],
  ['p99 ≤ 50 ms everywhere', results.every((r) => r.p99 <= 50)],
  ['RSS ≤ 300 MB per process', [...rssMax.values()].every((b) => b <= 300 * 1024 * 1024)],
  ['no errors', results.every((r) => r.errors === 0)],
];
for (const [label, ok] of checks) if (ok !== undefined) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`);
