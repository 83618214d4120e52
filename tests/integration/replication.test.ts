/**
 * Replication as an operator sees it: off without REPLICA_URL; with it, Litestream runs as the
 * primary's child, is restarted when it dies, and /healthz and `npm run replica:status` show its
 * state, lag and last error — also when the replica cannot be written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';

const root = mkdtempSync(join(tmpdir(), 'banthuek-replication-'));
const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

async function start(name: string, env: Record<string, string>) {
  const server = await startTestServer({ SEARCH_INDEX_UPDATES: '0', LOG_REQUESTS: '0', ...env }, { dataDir: join(root, name) });
  servers.push(server);
  return server;
}

async function health(server: TestServer) {
  return (await new TestClient(server.baseUrl).get('/healthz')).body;
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function replicaStatus(dataDir: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replica-status.ts'], {
      env: { ...process.env, DATABASE_PATH: join(dataDir, 'banthuek.db'), DATA_DIR: dataDir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('replication', () => {
  it('without REPLICA_URL nothing runs and nothing changes', async () => {
    const server = await start('off', {});
    const report = await health(server);
    expect(report.status).toBe('ok');
    expect('replication' in report).toBe(false);
    for (const file of ['litestream.yml', 'litestream.pid', 'replica-status.json'])
      expect(existsSync(join(server.dataDir, file))).toBe(false);
    const status = await replicaStatus(server.dataDir, { REPLICA_URL: '' });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('REPLICA_URL');
  });

  it('runs Litestream as a supervised child and reports lag and errors', async () => {
    const env = { REPLICA_URL: `file://${join(root, 'replica')}` };
    const server = await start('on', env);
    const first = await until(async () => {
      const r = (await health(server)).replication;
      return r?.lastReplicatedAt && r;
    }, 'the first snapshot');
    expect(first).toMatchObject({ replica: env.REPLICA_URL, litestream: { running: true, restarts: 0 }, stale: false, lastError: null });
    expect(existsSync(join(root, 'replica', 'db', 'generations'))).toBe(true);
    expect(first.walBytes).toBeGreaterThan(0);

    // A write reaches the replica: the lag is back to 0 within a few seconds.
    const writer = await signedInClient(server.baseUrl);
    await createNoteViaApi(writer.client);
    await until(async () => {
      const r = (await health(server)).replication;
      return r.lastReplicatedAt > first.lastReplicatedAt && r.lagSeconds === 0;
    }, 'the write replicated');

    // npm run replica:status prints the same and exits 0.
    const status = await replicaStatus(server.dataDir, env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ replica: env.REPLICA_URL, litestream: { running: true } });

    // Litestream dies: the error is reported and it is started again.
    const pid = Number(readFileSync(join(server.dataDir, 'litestream.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const restarted = await until(async () => {
      const r = (await health(server)).replication;
      return r.litestream.restarts === 1 && r.litestream.running && r;
    }, 'Litestream restarted');
    expect(restarted.lastError.message).toMatch(/Litestream exited \(code null, signal SIGKILL\)/);
    expect(restarted.litestream.pid).not.toBe(pid);
  });

  it('shows the error and a growing lag when the replica cannot be written', async () => {
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the replica folder should be');
    const server = await start('blocked', { REPLICA_URL: `file://${blocked}` });
    const writer = await signedInClient(server.baseUrl);
    await createNoteViaApi(writer.client);
    const report = await until(async () => {
      const r = (await health(server)).replication;
      return r?.lastError && r.lagSeconds > 1 && r;
    }, 'the replication error');
    expect(report.lastError.message).toMatch(/not a directory|sync|snapshot/i);
    expect(report.lastReplicatedAt).toBeNull();
  });
});
