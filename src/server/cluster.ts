/**
 * One server process per core: the primary forks WORKERS workers that share the listening port
 * (Node cluster), replaces a worker that dies, on SIGHUP replaces every worker by a fresh one (a
 * graceful reload), and on SIGTERM/SIGINT asks every worker to finish its requests and exit before
 * exiting itself. SQLite is shared safely between them: WAL mode,
 * a busy timeout, and IMMEDIATE transactions for read-then-write (docs/decisions/0601-server-and-page-cache.md).
 */
import cluster, { type Worker } from 'node:cluster';

/**
 * A worker that dies is replaced after a delay that doubles with every death in the last
 * CRASH_WINDOW_MS (a crash loop must not spin the CPU), from RESTART_BASE_DELAY_MS up to a cap:
 * RESTART_MAX_DELAY_MS while other workers still serve, but only RESTART_MAX_DELAY_WHEN_DOWN_MS when
 * none does, so the site is back within seconds however often it was hit (decision 2101).
 */
const RESTART_BASE_DELAY_MS = 100;
const RESTART_MAX_DELAY_MS = 8_000;
const RESTART_MAX_DELAY_WHEN_DOWN_MS = 1_000;
const CRASH_WINDOW_MS = 60_000;
/** How long requests in flight may take to finish after SIGTERM before connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;
/**
 * V8 sizes its heap from the machine's memory (gigabytes here) and collects lazily, so a busy
 * worker's RSS drifted towards 300 MB; its live data is well under 100 MB. A cap keeps it bounded.
 */
const WORKER_HEAP_MB = 160;

/** Longest wait for `beforeExit` work (e.g. the search indexer child) when stopping. */
const BEFORE_EXIT_MS = 3_000;
let beforeExit: () => Promise<void> = async () => {};
/** Work the primary finishes after its workers exited and before it exits (children of its own). */
export function setBeforeExit(work: () => Promise<void>): void {
  beforeExit = work;
}

/** Longest wait for a fresh worker to listen during a reload; past it the worker is killed. */
const WORKER_START_MS = 30_000;

/** Whether `worker` listens within WORKER_START_MS (false when it exits or hangs first). */
function listensInTime(worker: Worker): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      console.error(JSON.stringify({ level: 'error', msg: 'new worker did not listen in time; killed', pid: worker.process.pid }));
      worker.process.kill('SIGKILL');
      resolve(false);
    }, WORKER_START_MS);
    const settle = (listening: boolean) => {
      clearTimeout(timer);
      resolve(listening);
    };
    worker.once('listening', () => settle(true));
    worker.once('exit', () => settle(false));
  });
}

/**
 * Asks `worker` to finish its requests and exit (SIGTERM: graceful-stop.ts); resolves once it has
 * exited. One that is still there SHUTDOWN_GRACE_MS + 2 s later is killed, so a reload always ends.
 */
function retire(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), SHUTDOWN_GRACE_MS + 2_000);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** Forks the workers (running `workerScript` with plain node); resolves once all of them are listening. */
export function startWorkers(count: number, workerScript: string): Promise<void> {
  cluster.setupPrimary({ exec: workerScript, execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`], args: [] });
  let stopping = false;
  /** Workers that listen now (the site answers while one does). */
  const serving = new Set<number>();
  const forkOne = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', () => serving.add(worker.id));
    return worker;
  };
  /** Workers told to exit by a reload: not replaced when they do. */
  const retiring = new Set<number>();
  const recentCrashes: number[] = [];
  cluster.on('exit', (worker, code, signal) => {
    serving.delete(worker.id);
    if (stopping || retiring.delete(worker.id)) return;
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes[0]! < now - CRASH_WINDOW_MS) recentCrashes.shift();
    const cap = serving.size > 0 ? RESTART_MAX_DELAY_MS : RESTART_MAX_DELAY_WHEN_DOWN_MS;
    const delayMs = Math.min(cap, RESTART_BASE_DELAY_MS * 2 ** (recentCrashes.length - 1));
    console.error(
      JSON.stringify({ level: 'error', msg: 'worker exited; starting a new one', pid: worker.process.pid, code, signal, delayMs }),
    );
    // NOTE: not unref'd. When every worker died at once, this timer is all that keeps the primary
    // alive; an unref'd one let it exit and the site stayed down (issue 21).
    setTimeout(() => stopping || forkOne(), delayMs);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exit = (code: number) =>
      void Promise.race([beforeExit(), new Promise((done) => setTimeout(done, BEFORE_EXIT_MS))]).finally(() => process.exit(code));
    if (workers.length === 0) return exit(0);
    let left = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && exit(0));
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 2_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // SIGHUP: graceful reload (a new build, same schema). Each worker is replaced by a fresh one that
  // listens before the old one finishes its requests and exits, so no connection is refused.
  let reloading = false;
  process.on('SIGHUP', () => {
    if (stopping || reloading) return;
    reloading = true;
    const old = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    void (async () => {
      const retired: Promise<void>[] = [];
      for (const worker of old) {
        const fresh = forkOne();
        if (!(await listensInTime(fresh))) break; // the new build does not start: keep the old workers serving
        retiring.add(worker.id);
        retired.push(retire(worker));
      }
      await Promise.all(retired);
      reloading = false;
      console.log(JSON.stringify({ level: 'info', msg: 'workers reloaded', workers: Object.keys(cluster.workers ?? {}).length }));
    })();
  });

  return new Promise((resolve, reject) => {
    let listening = 0;
    for (let i = 0; i < count; i++) {
      const worker = forkOne();
      worker.once('listening', () => ++listening === count && resolve());
      worker.once('exit', (code) => listening < count && reject(new Error(`worker exited with code ${code} before listening`)));
    }
  });
}
