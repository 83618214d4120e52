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
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}
