/**
 * A crash never takes the site down (issue 21): every worker of a two-worker site is killed at once,
 * again and again, and every worker runs out of memory at once (a real V8 out-of-memory abort under
 * the workers' heap cap, provoked by a test-only preload). Each time the primary stays up and the
 * site answers again within 10 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const BACK_WITHIN_MS = 10_000;
const ROUNDS = 4;
const OOM_HOOK = fileURLToPath(new URL('../helpers/out-of-memory-hook.cjs', import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    WORKERS: '2',
    SEARCH_INDEX_UPDATES: '0',
    LOG_REQUESTS: '0',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${OOM_HOOK}`.trim(),
  });
});
afterAll(() => server?.stop());

/** The primary's cluster workers (its children started with the workers' heap cap). */
function workerPids(): number[] {
  let children: string;
  try {
    children = execFileSync('pgrep', ['-P', String(server.process.pid)]).toString();
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return children
    .trim()
    .split('\n')
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--max-old-space-size');
      } catch {
        return false; // gone meanwhile
      }
    });
}

async function answers(): Promise<boolean> {
  try {
    const response = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Waits until the site answers; returns how long that took (throws past BACK_WITHIN_MS). */
async function msUntilAnswering(since: number): Promise<number> {
  while (!(await answers())) {
    if (performance.now() - since > BACK_WITHIN_MS) throw new Error(`the site did not answer within ${BACK_WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - since;
}

/** Waits until `pids` have all exited. */
async function exited(pids: number[]): Promise<void> {
  const alive = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
    } catch {
      return false;
    }
  };
  while (pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Kills every worker with `signal` ROUNDS times; each time the site must answer again in time. */
async function crashRounds(signal: NodeJS.Signals, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Both workers up before each round, so the round takes the whole site down.
    const deadline = performance.now() + 3 * BACK_WITHIN_MS;
    while (workerPids().length < 2) {
      expect(server.process.exitCode, 'the primary exited').toBeNull();
      expect(performance.now() < deadline, 'both workers back').toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pids = workerPids();
    for (const pid of pids) process.kill(pid, signal);
    // Counted from the last death (a worker running out of memory first spends seconds collecting).
    await exited(pids);
    const since = performance.now();
    expect(server.process.exitCode, 'the primary exited').toBeNull();
    times.push(await msUntilAnswering(since));
  }
  return times;
}

describe('a crash never takes the site down', () => {
  it(
    `every worker killed at once, ${ROUNDS} times: the site answers within ${BACK_WITHIN_MS / 1000} s each time`,
    { timeout: 120_000 },
    async () => {
      expect(await answers()).toBe(true);
      const times = await crashRounds('SIGKILL', ROUNDS);
      console.log(`back after SIGKILL of every worker: ${times.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
      expect(server.process.exitCode).toBeNull();
    },
  );

  it('every worker runs out of memory at once, twice: the site answers within 10 s each time', { timeout: 120_000 }, async () => {
    const times = await crashRounds('SIGUSR2', 2);
    console.log(`back after every worker ran out of memory: ${times.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
    expect(server.output()).toMatch(/heap out of memory|Reached heap limit/i);
    expect(server.process.exitCode).toBeNull();
  });
});
