/**
 * `npm run bench [-- --notes 100000 --comments 1000000 --duration 10 --connections 32 --only home,home-writes --rounds 3 --cpu-prof]`
 * Seeds (or reuses) a generated site of that size, starts the built server as `npm start` does
 * (WORKERS default = cores), warms up, then runs autocannon against each page and prints req/s,
 * p50/p99 latency, server CPU per request, event-loop delay in the workers, the largest RSS of every
 * server process, and the ratios (issue 27):
 * - anonymous note ÷ static: the note page's exact bytes served by nginx (2 workers, when `nginx` is
 *   installed) or else by a plain Node static server (bench/static-server.ts), all three uncompressed
 *   (no Accept-Encoding) so that the ratio measures serving, not brotli;
 * - signed-in note ÷ anonymous note, uncompressed too;
 * - home with writes (view beacons from many addresses, a comment every 2 s, a sign-in every 4 s) ÷ quiet home.
 * The other pages send `Accept-Encoding: br, gzip` as browsers do. The load generator shares the box.
 * `--rounds N` runs the chosen targets N times in turn and prints the median of each ratio over the
 * rounds (a shared, noisy box: pairs measured close together). `--cpu-prof` writes a V8 CPU profile
 * of every worker per measured stretch to bench/.data/prof/<pid>-<n>.cpuprofile (the even n are the
 * measured stretch of the k-th target (n = 4k, after its warm-up); summarise with `npx tsx bench/profile-top.ts <files>`).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
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
const ROUNDS = arg('rounds', 1);
const CPU_PROF = process.argv.includes('--cpu-prof');
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
/** Members who sign in during the write mix, in turn (each account's sign-ins are rate-limited). */
const signers = db
  .prepare('SELECT username FROM users WHERE suspended_at IS NULL ORDER BY id DESC LIMIT 200 OFFSET 1')
  .pluck()
  .all() as string[];
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
const LOOP_DELAY_DIR = join(DATA, 'loop-delay');
const PROF_DIR = join(DATA, 'prof');
rmSync(LOOP_DELAY_DIR, { recursive: true, force: true });
mkdirSync(LOOP_DELAY_DIR, { recursive: true });
if (CPU_PROF) {
  rmSync(PROF_DIR, { recursive: true, force: true });
  mkdirSync(PROF_DIR, { recursive: true });
}
async function startServer(withProfile = false): Promise<{ child: ChildProcess; baseUrl: string }> {
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
      // Every server process (the cluster's workers too: they inherit the environment) measures its
      // event-loop delay; --cpu-prof profiles each of them until it exits.
      BENCH_LOOP_DELAY_DIR: resolve(LOOP_DELAY_DIR),
      NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', `--import=${resolve('bench/loop-delay.mjs')}`].join(' '),
      ...(withProfile ? { BENCH_CPU_PROF_DIR: resolve(PROF_DIR) } : {}),
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
server = await startServer(CPU_PROF);

/**
 * The baseline for the anonymous note page: its exact bytes from nginx (as many workers as the site,
 * no access log, no compression) when nginx is installed, else from a plain Node static server.
 */
function findNginx(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'])) {
    if (dir && existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  }
  return undefined;
}
async function startBaseline(): Promise<{ name: string; url: string; pid: number; stop: () => Promise<void> }> {
  const root = resolve(DATA, 'baseline');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'www'), { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  writeFileSync(join(root, 'www', 'note.html'), pageHtml);
  const port = await freePort();
  const nginx = findNginx();
  let child: ChildProcess;
  let name: string;
  if (nginx) {
    writeFileSync(
      join(root, 'nginx.conf'),
      `worker_processes ${WORKERS};
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${root}/tmp/body; proxy_temp_path ${root}/tmp/proxy; fastcgi_temp_path ${root}/tmp/fastcgi;
  uwsgi_temp_path ${root}/tmp/uwsgi; scgi_temp_path ${root}/tmp/scgi;
  types { text/html html; }
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  server { listen 127.0.0.1:${port}; root ${root}/www; }
}
`,
    );
    execFileSync(nginx, ['-t', '-q', '-p', root, '-e', `${root}/error.log`, '-c', `${root}/nginx.conf`], { stdio: 'inherit' });
    child = spawn(nginx, ['-p', root, '-e', `${root}/error.log`, '-c', `${root}/nginx.conf`], { stdio: 'ignore' });
    name = `nginx (${WORKERS} workers), the note's bytes`;
  } else {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/static-server.ts', join(root, 'www', 'note.html'), String(port), String(WORKERS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    name = `Node static server (${WORKERS} workers), the note's bytes`;
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${url}/note.html`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the baseline server did not start (${name})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(nginx ? 'SIGQUIT' : 'SIGTERM');
      await exited;
    },
  };
}
const baseline = await startBaseline();

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
function serverPids(root = server.child.pid!): number[] {
  const pids = [root];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root) pids.push(Number(entry));
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
  /** Another server than the site (the static baseline). */
  baseUrl?: string;
  /** No Accept-Encoding: the ratio set compares serving, not compression. */
  plain?: boolean;
  headers?: Record<string, string>;
  writes?: boolean;
  expect304?: boolean;
}
const allTargets: Target[] = [
  { id: 'baseline', name: baseline.name, path: '/note.html', baseUrl: baseline.url, plain: true },
  { id: 'note-plain', name: 'note, anonymous, uncompressed', path: notePath, plain: true },
  { id: 'signed-in-plain', name: 'note, signed in, uncompressed', path: notePath, headers: { cookie }, plain: true },
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
function serverCpuMs(root?: number): number {
  let total = 0;
  for (const pid of serverPids(root)) {
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
/** Members signing in (password check and a new session row), each time another account and address. */
const LOGIN_EVERY_MS = 4_000;
/**
 * Writes mixed into a read load, as a live site has them: view beacons (one UPDATE each) from many
 * addresses, comments and sign-ins.
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
  let signIns = 0;
  const logins = setInterval(() => {
    const username = signers[signIns++ % signers.length]!;
    send('/api/auth/login', {
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${signIns % 250}` },
      body: JSON.stringify({ username, password: 'banthuek-demo' }),
    });
  }, LOGIN_EVERY_MS);
  const comments = setInterval(() => {
    send(`/api${notePath}/comments`, {
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `ความเห็นระหว่างวัดความเร็ว ${sent}` }),
    });
  }, COMMENT_EVERY_MS);
  return () => {
    clearInterval(beacons);
    clearInterval(comments);
    clearInterval(logins);
    return { sent, failed };
  };
}

/** Event-loop delay of each worker since the last call (ms), from bench/loop-delay.mjs. */
interface LoopDelay {
  pid: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  at: number;
}
async function loopDelays(): Promise<LoopDelay[]> {
  const asked = Date.now();
  const workers = serverPids().slice(1);
  for (const pid of workers) {
    try {
      process.kill(pid, 'SIGUSR2');
    } catch {
      /* gone */
    }
  }
  const read = (pid: number): LoopDelay | undefined => {
    try {
      const line = JSON.parse(readFileSync(join(LOOP_DELAY_DIR, `${pid}.json`), 'utf8')) as LoopDelay;
      return line.at >= asked ? line : undefined;
    } catch {
      return undefined;
    }
  };
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline && workers.some((pid) => !read(pid))) await new Promise((r) => setTimeout(r, 20));
  return workers.map(read).filter((d): d is LoopDelay => d !== undefined);
}

async function load(target: Target, seconds: number) {
  const timer = setInterval(sampleRss, 500);
  const stopWrites = target.writes ? startWrites() : null;
  // The baseline's CPU is its own processes' (nginx master and workers), not the site's.
  const cpuRoot = target.baseUrl ? baseline.pid : undefined;
  const cpuBefore = serverCpuMs(cpuRoot);
  await loopDelays(); // starts the measurement afresh
  try {
    const result = await autocannon({
      url: (target.baseUrl ?? server.baseUrl) + target.path,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { ...(target.plain ? {} : HEADERS), ...target.headers },
    });
    const delays = await loopDelays();
    return {
      result,
      cpuMsPerRequest: (serverCpuMs(cpuRoot) - cpuBefore) / Math.max(1, result.requests.total),
      loopP99: target.baseUrl ? NaN : Math.max(0, ...delays.map((d) => d.p99)),
      loopMax: target.baseUrl ? NaN : Math.max(0, ...delays.map((d) => d.max)),
    };
  } finally {
    clearInterval(timer);
    const writes = stopWrites?.();
    if (writes && seconds === DURATION) console.log(`mixed-in writes: ${writes.sent} sent, ${writes.failed} failed`);
  }
}

console.log(
  `\nsite: ${counts.notes.toLocaleString()} notes, ${counts.comments.toLocaleString()} comments${seedSeconds ? ` (seeded in ${seedSeconds.toFixed(1)} s)` : ' (reused)'}; ` +
    `${WORKERS} workers, ${CONNECTIONS} connections, ${DURATION} s per page, ${ROUNDS} round(s), load generator on the same ${availableParallelism()}-core box\n`,
);
interface Measured {
  id: string;
  name: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  cpu: number;
  loopP99: number;
  loopMax: number;
  errors: number;
}
const results: Measured[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const target of targets) {
    await load(target, WARMUP_SECONDS);
    const { result: r, cpuMsPerRequest, loopP99, loopMax } = await load(target, DURATION);
    // For the revalidation target a 304 is the success and anything else (a 200 included) an error.
    const wrongStatus = target.expect304 ? r.requests.total - r['3xx'] : r.non2xx;
    results.push({
      id: target.id,
      name: target.name,
      round,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      bytes: r.throughput.average / Math.max(1, r.requests.average),
      cpu: cpuMsPerRequest,
      loopP99,
      loopMax,
      errors: r.errors + r.timeouts + wrongStatus,
    });
  }
}
/**
 * `--only deep`: how long a deep page of the home list takes to render, uncached (a query string
 * the cache has not seen), one request at a time: by number (offset) and by cursor (keyset).
 */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const deepTimes: [string, number][] = [];
if (ONLY?.includes('deep')) {
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
await baseline.stop();
await stopServer(server.child);
rmSync(staticPath, { force: true });

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const fixed = (value: number, digits: number) => (Number.isNaN(value) ? '–' : value.toFixed(digits));
console.log(
  row([
    'page',
    ...(ROUNDS > 1 ? ['round'] : []),
    'req/s',
    'p50 ms',
    'p99 ms',
    'server CPU ms/req',
    'loop delay p99 / max ms',
    'bytes/resp',
    'errors',
  ]),
);
console.log(row(['---', ...(ROUNDS > 1 ? ['---:'] : []), '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
for (const r of results)
  console.log(
    row([
      r.name,
      ...(ROUNDS > 1 ? [r.round] : []),
      Math.round(r.rps).toLocaleString(),
      r.p50,
      r.p99,
      fixed(r.cpu, 2),
      Number.isNaN(r.loopP99) ? '–' : `${r.loopP99.toFixed(1)} / ${r.loopMax.toFixed(1)}`,
      Math.round(r.bytes).toLocaleString(),
      r.errors,
    ]),
  );
for (const [name, ms] of deepTimes) console.log(`home ${name}, uncached: median ${ms.toFixed(1)} ms of 21`);
console.log(
  `\n(load average at the end: ${load1} on ${availableParallelism()} cores — other work on the box lowers req/s; CPU ms/req is steadier)`,
);
const measured = (id: string, round: number) => results.find((r) => r.id === id && r.round === round);
/** The ratio a ÷ b in each round (measured close together), and their median. */
function ratioOf(a: string, b: string): { median: number; each: number[]; cpuA: number; cpuB: number } | undefined {
  const each: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const x = measured(a, round);
    const y = measured(b, round);
    if (x && y) each.push(x.rps / y.rps);
  }
  if (each.length === 0) return undefined;
  const cpu = (id: string) => median(results.filter((r) => r.id === id).map((r) => r.cpu));
  return { median: median(each), each, cpuA: cpu(a), cpuB: cpu(b) };
}
const show = (label: string, r: NonNullable<ReturnType<typeof ratioOf>>, goal: string) =>
  console.log(
    `${label}: ${r.median.toFixed(2)}${r.each.length > 1 ? ` (median of ${r.each.length}: ${r.each.map((v) => v.toFixed(2)).join(', ')})` : ''}` +
      `; by CPU per request ${fixed(r.cpuB / r.cpuA, 2)} (ms/req ${fixed(r.cpuA, 3)} / ${fixed(r.cpuB, 3)}, medians); goal ${goal}`,
  );
const ratio = ratioOf('note', 'static');
const vsBaseline = ratioOf('note-plain', 'baseline');
const signedIn = ratioOf('signed-in-plain', 'note-plain');
const mixed = ratioOf('home-writes', 'home');
console.log('');
if (vsBaseline) show(`anonymous note ÷ ${baseline.name.split(' (')[0]}`, vsBaseline, '≥ 0.7');
if (signedIn) show('signed-in note ÷ anonymous note', signedIn, '≥ 0.4');
if (ratio) show('anonymous note ÷ static file from this server (br)', ratio, '≥ 0.5');
if (mixed) show('home with writes mixed in ÷ home read-only', mixed, '≥ 0.85');
const revalidated = ratioOf('note-304', 'note');
if (revalidated) show('304 revalidation ÷ 200 anonymous note page', revalidated, '–');
console.log(
  `largest RSS per process: ${[...rssMax.values()].map((b) => `${Math.round(b / 1024 / 1024)} MB`).join(', ')} (target ≤ 300 MB)`,
);
const byId = (id: string) => results.filter((r) => r.id === id);
const checks: [string, boolean | undefined][] = [
  ['anonymous note ≥ 0.7 × static baseline', vsBaseline && vsBaseline.median >= 0.7],
  ['signed-in note ≥ 0.4 × anonymous note', signedIn && signedIn.median >= 0.4],
  ['static ratio ≥ 0.5', ratio && ratio.median >= 0.5],
  ['signed-in note ≥ 1,000 req/s', byId('note-signed-in').length ? median(byId('note-signed-in').map((r) => r.rps)) >= 1000 : undefined],
  ['home ≥ 2,000 req/s', byId('home').length ? median(byId('home').map((r) => r.rps)) >= 2000 : undefined],
  ['home with writes ≥ 0.85 × home', mixed && mixed.median >= 0.85],
  ['p99 ≤ 50 ms everywhere', results.every((r) => r.p99 <= 50)],
  ['RSS ≤ 300 MB per process', [...rssMax.values()].every((b) => b <= 300 * 1024 * 1024)],
  ['no errors', results.every((r) => r.errors === 0)],
];
for (const [label, ok] of checks) if (ok !== undefined) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`);
