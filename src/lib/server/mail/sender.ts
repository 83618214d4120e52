/**
 * Delivers the outbox. One sender runs in the cluster primary (single-flight, like the search
 * indexer): workers only write rows and nudge it over IPC. A mail is claimed (attempt counted, next
 * attempt pushed back) before it is handed to SMTP and marked sent after; a crash in between sends
 * it once more, with the same Message-ID (docs/decisions/1301-mail-outbox.md).
 */
import cluster from 'node:cluster';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { mailOutbox } from '~db/schema.ts';
import { DAY_MS, MINUTE_MS, SECOND_MS } from '../../time.ts';
import { isMailConfigured, sendMail, SMTP_CONNECTIONS } from '../mail.ts';
import { buildDueDigests } from './digest.ts';
import { isMailQueuedMessage, setLocalMailWake } from './outbox.ts';

/** First retry after this long, doubling each time. */
export const RETRY_BASE_MS = MINUTE_MS;
/** After this long since it was queued, a mail that still fails is marked failed (shown to admins). */
export const GIVE_UP_AFTER_MS = DAY_MS;
const BATCH_SIZE = 30;
/** Catches retries that fall due and anything a lost nudge left behind. */
const POLL_MS = 5 * SECOND_MS;
/** Digests are checked this often (they are built once per Bangkok midnight, idempotently). */
const DIGEST_CHECK_MS = MINUTE_MS;

type OutboxRow = typeof mailOutbox.$inferSelect;

/** When a mail that failed its `attempts`-th try is tried next: doubling, never past the give-up time. */
export function nextAttemptAfterFailure(createdAt: Date, attempts: number, now: Date): Date {
  const backoff = RETRY_BASE_MS * 2 ** Math.min(attempts - 1, 20);
  return new Date(Math.min(now.getTime() + backoff, createdAt.getTime() + GIVE_UP_AFTER_MS));
}

/** Counts the attempt and pushes the next one back before sending, so a crash cannot loop hot. */
function claim(rows: OutboxRow[], now: Date): void {
  const db = getDb();
  writeTransaction(() => {
    for (const row of rows) {
      db.update(mailOutbox)
        .set({ attempts: row.attempts + 1, nextAttemptAt: nextAttemptAfterFailure(row.createdAt, row.attempts + 1, now) })
        .where(eq(mailOutbox.id, row.id))
        .run();
    }
  });
}

/** Records delivered mails in one transaction (one fsync per batch, not per mail). */
function markSent(ids: number[]): void {
  if (ids.length)
    getDb().update(mailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(inArray(mailOutbox.id, ids)).run();
}

async function deliverOne(row: OutboxRow): Promise<boolean> {
  try {
    await sendMail({
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      headers: row.headers,
      messageId: row.messageId,
    });
    return true;
  } catch (error) {
    const now = new Date();
    const reason = String((error as Error).cause ?? error).slice(0, 500);
    const giveUp = now.getTime() - row.createdAt.getTime() >= GIVE_UP_AFTER_MS;
    getDb()
      .update(mailOutbox)
      .set({ lastError: reason, ...(giveUp ? { status: 'failed' as const } : {}) })
      .where(eq(mailOutbox.id, row.id))
      .run();
    console.error(
      JSON.stringify({
        level: giveUp ? 'error' : 'warn',
        msg: giveUp ? 'mail failed for 24 hours; marked failed' : 'mail delivery failed; will retry',
        outboxId: row.id,
        attempts: row.attempts + 1,
        error: reason,
      }),
    );
    return false;
  }
}

/**
 * Sends up to one batch of due mail, SMTP_CONNECTIONS at a time; returns how many were due.
 * Not for concurrent use: the primary's loop below is the only caller in a running site.
 */
export async function deliverDueMail(now = new Date(), limit = BATCH_SIZE): Promise<number> {
  const due = getDb()
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
    .limit(limit)
    .all();
  if (due.length === 0) return 0;
  claim(due, now);
  let next = 0;
  const sent: number[] = [];
  const lane = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      if (await deliverOne(row)) sent.push(row.id);
    }
  };
  // NOTE: a crash before markSent resends this batch's delivered mails once each (same Message-ID).
  await Promise.all(Array.from({ length: Math.min(SMTP_CONNECTIONS, due.length) }, lane));
  markSent(sent);
  return due.length;
}

/** Makes every pending mail due now (a restart is the moment an operator expects mail to move again). */
function retryPendingNow(now = new Date()): number {
  return getDb().update(mailOutbox).set({ nextAttemptAt: now }).where(eq(mailOutbox.status, 'pending')).run().changes;
}

let running = false;
let again = false;
let started = false;

async function runSender(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      while ((await deliverDueMail()) === BATCH_SIZE) {
        /* a full batch: more may be due */
      }
    } while (again);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'mail sender failed; retrying at the next poll', error: String(error) }));
  } finally {
    running = false;
  }
}

function checkDigests(): void {
  try {
    if (buildDueDigests(new Date()) > 0) void runSender();
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'building digests failed; retrying in a minute', error: String(error) }));
  }
}

/** A lone server process (astro dev/preview, no cluster) runs its own sender; a cluster worker never does. */
export function startMailSenderOutsideCluster(): void {
  if (!cluster.isWorker) startMailSender();
}

/**
 * Starts the one sender of this site: in the cluster primary after forking (scripts/start.ts), or
 * in a lone server process. Without SMTP_HOST, mail stays queued (and members still see their
 * in-site notifications); digests are still built so nothing is lost when SMTP is configured later.
 */
export function startMailSender(): void {
  if (started) return;
  started = true;
  cluster.on('message', (_worker, message: unknown) => {
    if (isMailQueuedMessage(message) && isMailConfigured()) void runSender();
  });
  setInterval(checkDigests, DIGEST_CHECK_MS).unref();
  checkDigests();
  if (!isMailConfigured()) {
    console.log(JSON.stringify({ level: 'info', msg: 'SMTP_HOST is not set: mail is queued in the outbox and not sent' }));
    return;
  }
  setLocalMailWake(() => void runSender());
  retryPendingNow();
  setInterval(() => void runSender(), POLL_MS).unref();
  void runSender();
}

/** Mail being handed to SMTP right now is allowed to finish (bounded by the cluster's exit wait). */
export async function stopMailSender(): Promise<void> {
  while (running) await new Promise((done) => setTimeout(done, 50));
}
