/**
 * GET /healthz: is the database answering, how old is the search index, how much mail waits. 200 when healthy,
 * 503 when the database is not, so a load balancer or systemd watchdog can act on the status alone.
 * The public sees only `{status}`; the details (pids, uptime, queues) go to loopback or to HEALTHZ_TOKEN
 * (docs/decisions/2103-one-body-reader-write-lock-and-limits.md).
 */
import type Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { MANIFEST_FILE } from '~/lib/search/manifest.ts';
import { resolveSearchIndexDir } from '~/lib/server/search-index/store.ts';
import { resolveDataDir } from '~/lib/server/data-dir.ts';
import { readReplicaStatus, type ReplicationReport } from '~/lib/server/replica/replica-status.ts';
import { getConfig } from '~/lib/server/config.ts';

export interface HealthReport {
  status: 'ok' | 'error';
  database: { ok: boolean; ms: number; error?: string };
  searchIndex: { builtAt: string; ageSeconds: number } | null;
  /** The mail outbox backlog: mails waiting to be sent, and mails given up on (docs/decisions/1301). */
  mailOutbox: { pending: number; failed: number; oldestPendingSeconds: number | null } | null;
  /** Only with REPLICA_URL: lag and last error, as the primary last wrote them (null until it has). */
  replication?: ReplicationReport | null;
  pid: number;
  uptimeSeconds: number;
}

/** The search index's manifest, replaced (atomic rename) every time the index changes. */
function searchIndexEntry(): string {
  return join(resolveSearchIndexDir(), MANIFEST_FILE);
}

export function checkHealth(db: Database.Database, now = Date.now()): HealthReport {
  const started = performance.now();
  let database: HealthReport['database'];
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    database = { ok: true, ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    database = { ok: false, ms: Math.round(performance.now() - started), error: String(error) };
  }
  let mailOutbox: HealthReport['mailOutbox'] = null;
  if (database.ok) {
    const row = db
      .prepare(
        `SELECT sum(status = 'pending') AS pending, sum(status = 'failed') AS failed,
      min(CASE WHEN status = 'pending' THEN created_at END) AS oldest FROM mail_outbox WHERE status IN ('pending', 'failed')`,
      )
      .get() as { pending: number | null; failed: number | null; oldest: number | null };
    mailOutbox = {
      pending: row.pending ?? 0,
      failed: row.failed ?? 0,
      oldestPendingSeconds: row.oldest === null ? null : Math.round((now - row.oldest) / 1000),
    };
  }
  const entry = searchIndexEntry();
  const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : null;
  return {
    status: database.ok ? 'ok' : 'error',
    database,
    searchIndex: builtAt === null ? null : { builtAt: new Date(builtAt).toISOString(), ageSeconds: Math.round((now - builtAt) / 1000) },
    mailOutbox,
    ...(getConfig().replica ? { replication: readReplicaStatus(resolveDataDir()) } : {}),
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Whether a request to /healthz may read the details. `headers` as they arrived, before
 * stripUntrustedForwardedHeaders: a request a proxy forwarded comes through a loopback socket when
 * the proxy runs on this machine, so any forwarding header means "not from loopback" (with or
 * without TRUST_PROXY). Otherwise: the socket is loopback, or `Authorization: Bearer <HEALTHZ_TOKEN>`.
 */
export function mayReadHealthDetails(headers: IncomingHttpHeaders, socketAddress: string | undefined): boolean {
  const token = getConfig().healthzToken;
  const authorization = headers.authorization;
  if (token && typeof authorization === 'string' && /^Bearer /i.test(authorization)) {
    const digest = (value: string) => createHash('sha256').update(value).digest();
    if (timingSafeEqual(digest(authorization.slice('Bearer '.length).trim()), digest(token))) return true;
  }
  if (FORWARDING_HEADERS.some((name) => headers[name] !== undefined)) return false;
  return socketAddress !== undefined && LOOPBACK.test(socketAddress);
}

/** Sends the report: all of it when `details`, else only the status (the HTTP status says the same). */
export function sendHealth(res: ServerResponse, report: HealthReport, details: boolean): void {
  res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(details ? report : { status: report.status }));
}
