/**
 * A worker retired by a graceful reload must not take connections with it: with Node's round-robin
 * cluster the primary holds each accepted socket until a worker takes it, and one handed to a worker
 * that exits first was held open forever (a client hung; graceful-reload.test.ts timed out).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/server.ts';

const ROUNDS = 15;
const READERS = 4;
/** Far above a bare "ok" on loopback, even on a loaded box; a lost connection never answers. */
const REQUEST_TIMEOUT_MS = 10_000;

describe('a worker stopping gracefully in a cluster', () => {
  it(`loses no connection while workers are replaced ${ROUNDS} times under steady requests`, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/retiring-cluster.ts'], {
      env: { ...process.env, PORT: String(port), ROUNDS: String(ROUNDS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const said = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => output.includes(word) && resolve();
        child.stdout.on('data', (chunk: Buffer) => ((output += chunk), check()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk));
        child.once('exit', (code) => reject(new Error(`cluster exited with ${code} before "${word}":\n${output}`)));
        check();
      });
    try {
      await said('listening');
      const failures: string[] = [];
      let answered = 0;
      let reading = true;
      const readers = Array.from({ length: READERS }, async () => {
        while (reading) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/`, {
              headers: { connection: 'close' },
              signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
            });
            if ((await res.text()) === 'ok') answered++;
            else failures.push(`status ${res.status}`);
          } catch (error) {
            failures.push(`${String(error)} ${String((error as Error).cause ?? '')}`);
          }
        }
      });
      await said('done').finally(() => (reading = false));
      await Promise.all(readers);
      expect(failures, output).toEqual([]);
      expect(answered).toBeGreaterThan(ROUNDS);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
