/**
 * `systemctl reload` (SIGHUP to the primary) swaps every worker for a fresh one while readers keep
 * reading: no request fails or hangs, and afterwards other processes answer.
 */
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop();
});

/** Far above a page on a loaded box; a request lost in a reload never answers at all. */
const REQUEST_TIMEOUT_MS = 15_000;
/** A reload starts two fresh workers one after the other and drains the old ones (≤ 12 s each). */
const RELOAD_TIMEOUT_MS = 45_000;

describe('graceful reload', () => {
  it('replaces both workers on SIGHUP without a failed request', async () => {
    onTestFailed(() => console.error(`server output:\n${server?.output()}`));
    server = await startTestServer({ WORKERS: '2', SEARCH_INDEX_UPDATES: '0', LOG_REQUESTS: '0' });
    const get = (path: string) =>
      fetch(`${server!.baseUrl}${path}`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const pidsSeen = async (count: number) => {
      const pids = new Set<number>();
      for (let i = 0; i < count; i++) pids.add((await (await get('/healthz')).json()).pid);
      return pids;
    };
    const before = await pidsSeen(10);

    const failures: string[] = [];
    let answered = 0;
    let reading = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) {
        try {
          const res = await get('/');
          await res.arrayBuffer();
          if (res.status === 200) answered++;
          else failures.push(`status ${res.status}`);
        } catch (error) {
          failures.push(`${String(error)} ${String((error as Error).cause ?? '')}`);
        }
      }
    });
    server.process.kill('SIGHUP');
    const deadline = Date.now() + RELOAD_TIMEOUT_MS;
    while (!server.output().includes('workers reloaded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    reading = false;
    await Promise.all(readers);

    expect(server.output()).toContain('workers reloaded');
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(20);
    const after = await pidsSeen(10);
    expect([...after].filter((pid) => before.has(pid))).toEqual([]);
    expect(server.process.exitCode).toBeNull();
  }, 120_000);
});
