/**
 * Starts the built server exactly as `npm start` does (migrations, no demo content) on a fresh
 * SQLite file and a free loopback port. Each test file gets its own server and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processScriptPath } from '../../scripts/lib/bundle-process-scripts.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { copyTemplateDatabase } from './template-database.ts';

export interface TestServer {
  baseUrl: string;
  databasePath: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** kill -9 of the whole server (primary and workers); the data dir is kept. */
  killHard: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Spawns scripts/start.ts --no-build; resolves when the server logs that it is listening.
 * One worker process unless `env.WORKERS` says otherwise (the machine is shared).
 */
export async function startTestServer(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'banthuek-test-'));
  const databasePath = join(dataDir, 'banthuek.db');
  if (!options.dataDir) copyTemplateDatabase(databasePath); // a given data dir keeps what it holds
  const port = await freePort();
  // The bundled primary (global setup builds it): the same code as scripts/start.ts without tsx's 5 s of CPU per start.
  const child = spawn(process.execPath, [processScriptPath('start', getConfig().outDir), '--no-build'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      SITE_URL: '',
      TRUST_PROXY: '1',
      NODE_ENV: 'production',
      WORKERS: '1',
      // Approval of new accounts' first comments is off unless a test is about it.
      NEW_ACCOUNT_COMMENT_APPROVALS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so killHard reaches the workers too
  });
  // Detached servers would outlive a crashed test run; take them down with it.
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);
  child.once('exit', () => process.off('exit', killGroup));
  let log = '';
  const baseUrl = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(); // a server that never said it listens must not outlive the test run
      reject(new Error(`server did not start in time:\n${log}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${log}`));
    });
  });
  return {
    baseUrl,
    databasePath,
    dataDir,
    process: child,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
    killHard: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
