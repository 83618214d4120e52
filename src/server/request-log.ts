/**
 * One JSON line per request on stdout. Only the method, the path without its query string (queries
 * can carry search terms or tokens), status, time, size, cache outcome, how many times Astro rendered
 * for it, and client address: never
 * headers, cookies, bodies or session tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getConfig } from '~/lib/server/config.ts';

/** `shared`: a signed-in note page made from the cached shared page and fresh personal parts. */
export type CacheOutcome = 'hit' | 'miss' | 'shared' | 'static' | 'none';

export function logRequests(): boolean {
  return getConfig().logRequests;
}

/**
 * Lines waiting to be written. stdout to a file or pipe is a synchronous write: one per request was
 * 5–8% of an anonymous note view's CPU (decision 2701), so lines leave together, at most
 * LOG_FLUSH_MS after their request ended (or once LOG_FLUSH_BYTES wait), and at exit.
 */
let pending = '';
let flushTimer: NodeJS.Timeout | undefined;
const LOG_FLUSH_MS = 20;
const LOG_FLUSH_BYTES = 64 * 1024;
function flushLog(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pending === '') return;
  const lines = pending;
  pending = '';
  process.stdout.write(lines);
}
process.on('exit', flushLog);

function writeLine(line: string): void {
  pending += line;
  if (pending.length >= LOG_FLUSH_BYTES) flushLog();
  else flushTimer ??= setTimeout(flushLog, LOG_FLUSH_MS);
}

/** Writes the line when the response has finished (or the client went away). */
export function logRequestWhenDone(
  req: IncomingMessage,
  res: ServerResponse,
  details: { path: string; ip: string; cache: () => CacheOutcome; renders: () => number },
): void {
  const started = performance.now();
  res.once('close', () => {
    const line = {
      t: new Date().toISOString(),
      level: res.statusCode >= 500 ? 'error' : 'info',
      msg: 'request',
      method: req.method,
      path: details.path,
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
      bytes: Number(res.getHeader('content-length') ?? 0),
      cache: details.cache(),
      renders: details.renders() || undefined,
      aborted: !res.writableFinished || undefined,
      ip: details.ip,
      pid: process.pid,
    };
    writeLine(`${JSON.stringify(line)}\n`);
  });
}
