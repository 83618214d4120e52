/**
 * `systemctl reload` (SIGHUP to the primary) swaps every worker for a fresh one while readers keep
 * reading: no request fails, and afterwards other processes answer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterAll(async () => { await server?.stop(); });

describe('graceful reload', () => {
  it('replaces both workers on SIGHUP without a failed request', async () => {
    server = await startTestServer({ WORKERS: '2', SEARCH_INDEX_UPDATES: '0', LOG_REQUESTS: '0' });
    const pidsSeen = async (count: number) => {
      const pids = new Set<number>();
      for (let i = 0; i < count; i++) pids.add((await (await fetch(`${server!.baseUrl}/healthz`, { headers: { connection: 'close' } })).json()).pid);
      return pids;
    };
    const before = await pidsSeen(10);

    const failures: string[] = [];
    let answered = 0;
    let reading = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) {
        try {
          const res = await fetch(`${server!.baseUrl}/`, { headers: { connection: 'close' } });
          await res.arrayBuffer();
          if (res.status === 200) answered++;
          else failures.push(`status ${res.status}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    });
    server.process.kill('SIGHUP');
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('workers reloaded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    reading = false;
    await Promise.all(readers);

    expect(server.output()).toContain('workers reloaded');
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(20);
    const after = await pidsSeen(10);
    expect([...after].filter((pid) => before.has(pid))).toEqual([]);
    expect(server.process.exitCode).toBeNull();
  }, 60_000);
});
