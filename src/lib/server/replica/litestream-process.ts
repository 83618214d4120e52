/**
 * Litestream as a supervised child of the primary process: started with a generated config,
 * restarted with a growing delay when it exits, stopped with SIGTERM (it then ships what is left)
 * when the site stops. Its log lines tell us when data reached the replica and what went wrong.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { litestreamBinary, litestreamConfig } from './litestream-config.ts';
import type { ReplicaTarget } from './replica-url.ts';
import type { ReplicaError } from './replica-status.ts';

const CONFIG_FILE = 'litestream.yml';
const PID_FILE = 'litestream.pid';
const RESTART_MIN_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** Running this long resets the restart delay. */
const STABLE_MS = 60_000;
/** Litestream's final sync on SIGTERM; after this it is killed (within the primary's 3 s for children). */
const STOP_GRACE_MS = 2_500;

export interface LitestreamEvents {
  onReplicated: (at: number) => void;
  onError: (error: ReplicaError) => void;
}

/** `key=value` or `key="quoted value"` fields of one logfmt line (Litestream's slog text output). */
export function parseLogLine(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of line.matchAll(/(\w[\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const value = match[2]!;
    fields[match[1]!] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  }
  return fields;
}

/**
 * A primary killed with SIGKILL leaves its Litestream running; two of them on one database would
 * fight over its shadow WAL, so the one named in the pid file goes first (only if it is Litestream
 * with our config, so a recycled pid is never touched).
 */
function stopLeftoverLitestream(dataDir: string, configPath: string): void {
  const pidPath = join(dataDir, PID_FILE);
  if (!existsSync(pidPath)) return;
  const pid = Number(readFileSync(pidPath, 'utf8'));
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not running */
  }
  if (Number.isInteger(pid) && commandLine.includes('litestream') && commandLine.includes(configPath)) {
    console.error(JSON.stringify({ level: 'warn', msg: 'stopping a Litestream left by an earlier run', pid }));
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
  rmSync(pidPath, { force: true });
}

export class LitestreamProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartDelay = RESTART_MIN_MS;
  private timer: NodeJS.Timeout | null = null;
  restarts = 0;
  generation: string | null = null;
  private readonly configPath: string;

  constructor(
    private readonly databasePath: string,
    private readonly dataDir: string,
    private readonly target: ReplicaTarget,
    private readonly events: LitestreamEvents,
  ) {
    this.configPath = join(dataDir, CONFIG_FILE);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    // Ctrl-C (or systemd without KillMode=mixed) signals Litestream too: its exit is then no crash.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => (this.stopping = true));
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(this.configPath, litestreamConfig(this.databasePath, this.target));
    stopLeftoverLitestream(this.dataDir, this.configPath);
    this.spawnOnce();
  }

  private spawnOnce(): void {
    const startedAt = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(litestreamBinary(), ['replicate', '-config', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (cause) {
      this.events.onError({ at: new Date().toISOString(), message: `could not start Litestream: ${String(cause)}` });
      return this.scheduleRestart();
    }
    this.child = child;
    if (child.pid) writeFileSync(join(this.dataDir, PID_FILE), String(child.pid));
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    child.on('error', (error) => this.events.onError({ at: new Date().toISOString(), message: `Litestream: ${error.message}` }));
    child.on('exit', (code, signal) => {
      this.child = null;
      if (this.stopping) return;
      if (Date.now() - startedAt > STABLE_MS) this.restartDelay = RESTART_MIN_MS;
      this.events.onError({
        at: new Date().toISOString(),
        message: `Litestream exited (code ${code}, signal ${signal}); restarting in ${this.restartDelay / 1000} s`,
      });
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.restarts++;
      this.spawnOnce();
    }, this.restartDelay);
    this.timer.unref();
    this.restartDelay = Math.min(this.restartDelay * 2, RESTART_MAX_MS);
  }

  private onLine(line: string): void {
    const fields = parseLogLine(line);
    const at = Date.now();
    if (fields.msg === 'wal segment written' || fields.msg === 'snapshot written') {
      this.generation = fields.position?.split('/')[0] ?? this.generation;
      this.events.onReplicated(at);
      return;
    }
    if (fields.level === 'ERROR')
      this.events.onError({
        at: new Date(at).toISOString(),
        message: fields.error ? `${fields.msg}: ${fields.error}` : (fields.msg ?? line),
      });
    // Warnings and generation changes go to our log (errors through onError); per-second sync lines do not.
    if (fields.level === 'WARN' || fields.msg?.includes('generation')) {
      console.error(
        JSON.stringify({
          level: (fields.level ?? 'info').toLowerCase(),
          msg: `litestream: ${fields.msg ?? line}`,
          ...(fields.error ? { error: fields.error } : {}),
        }),
      );
    }
  }

  /** SIGTERM and wait for Litestream's final sync (at most STOP_GRACE_MS). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timeout);
    rmSync(join(this.dataDir, PID_FILE), { force: true });
  }
}
