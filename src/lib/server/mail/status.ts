/** What operators see of the outbox: `npm run mail:status`, /healthz and the admins' mail page. */
import { asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { mailOutbox } from '~db/schema.ts';
import { countWaitingDigestItems } from './outbox.ts';

export interface OutboxStatus {
  pending: number;
  sent: number;
  failed: number;
  /** Notifications waiting for a digest (not yet mails). */
  waitingForDigest: number;
  oldestPendingSeconds: number | null;
  lastError: { id: number; at: string; error: string } | null;
}

export function getOutboxStatus(now = Date.now()): OutboxStatus {
  const db = getDb();
  const counts = Object.fromEntries(
    db
      .select({ status: mailOutbox.status, n: sql<number>`count(*)` })
      .from(mailOutbox)
      .groupBy(mailOutbox.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const oldest = db
    .select({ createdAt: mailOutbox.createdAt })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, 'pending'))
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(1)
    .get();
  const last = db
    .select({ id: mailOutbox.id, error: mailOutbox.lastError, at: mailOutbox.nextAttemptAt })
    .from(mailOutbox)
    .where(isNotNull(mailOutbox.lastError))
    .orderBy(desc(mailOutbox.id))
    .limit(1)
    .get();
  return {
    pending: counts.pending ?? 0,
    sent: counts.sent ?? 0,
    failed: counts.failed ?? 0,
    waitingForDigest: countWaitingDigestItems(),
    oldestPendingSeconds: oldest ? Math.round((now - oldest.createdAt.getTime()) / 1000) : null,
    lastError: last?.error ? { id: last.id, at: last.at.toISOString(), error: last.error } : null,
  };
}

export interface FailedMail {
  id: number;
  to: string;
  subject: string;
  kind: string;
  attempts: number;
  error: string;
  createdAt: Date;
}

/** Mails given up on after 24 hours, newest first, for admins. */
export function listFailedMail(limit = 100): FailedMail[] {
  return getDb()
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.status, 'failed'))
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
    .all()
    .map((r) => ({
      id: r.id,
      to: r.toAddress,
      subject: r.subject,
      kind: r.kind,
      attempts: r.attempts,
      error: r.lastError ?? '',
      createdAt: r.createdAt,
    }));
}
