/**
 * `Idempotency-Key` (IETF httpapi draft): a device's outbox sends each queued write with a key it
 * made (a UUID) and may send it again after a lost answer. The first request with a key runs; the
 * same key from the same member within IDEMPOTENCY_KEY_TTL_MS gets the first answer again and
 * writes nothing. Keys live in SQLite, so they hold across workers and restarts.
 * Design and the statuses chosen: docs/decisions/2301-idempotency-and-if-match.md.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '~db/client.ts';
import { idempotencyKeys } from '~db/schema.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time.ts';
import { DomainError } from './errors.ts';

/** How long a key's answer is kept and repeated (the draft leaves it to the server; the outbox retries well within a day). */
export const IDEMPOTENCY_KEY_TTL_MS = DAY_MS;
/**
 * A first request still marked running after this long died with its worker (no request runs this
 * long: bodies are read before the route starts); the next request with the key runs it again.
 */
export const IN_FLIGHT_ABANDONED_MS = 5 * MINUTE_MS;
/** How often the primary deletes expired keys. */
export const IDEMPOTENCY_SWEEP_INTERVAL_MS = HOUR_MS;
/** Printable key characters: UUIDs, ULIDs, base64 and the like; no spaces, quotes or commas. */
const KEY_PATTERN = /^[A-Za-z0-9._:~+/=-]{8,255}$/;

/** An answer kept to be repeated. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What to do with a request carrying a key: run it, repeat the first answer, or refuse. */
export type Claim =
  | { kind: 'run' }
  | { kind: 'replay'; answer: StoredAnswer }
  /** The first request with this key is still running (409). */
  | { kind: 'in-flight' }
  /** The key was used for a different request (422). */
  | { kind: 'mismatch' };

/**
 * Reads the header's value: an sf-string as the draft writes it (`"…"`) or the bare key. A value
 * that is not a key is refused with a Thai 400, as a key that could not be matched again.
 */
export function parseIdempotencyKey(header: string): string {
  const trimmed = header.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError(400, 'Idempotency-Key ไม่ถูกต้อง: ใช้ตัวอักษรอังกฤษ ตัวเลข หรือ - _ . : ยาว 8–255 ตัว เช่น UUID ที่เครื่องสร้างขึ้น แล้วส่งใหม่');
  }
  return key;
}

/**
 * The request's fingerprint: method, path and body. A multipart body is hashed without its
 * boundary, which the browser draws at random on every send of the same form.
 */
export function fingerprintRequest(method: string, path: string, contentType: string, body: Uint8Array): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${path}\n${contentType.split(';')[0]!.trim().toLowerCase()}\n`);
  const boundary = /^multipart\//i.test(contentType) ? /boundary="?([^";]+)"?/i.exec(contentType)?.[1] : undefined;
  if (!boundary) return hash.update(body).digest('hex');
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const marker = Buffer.from(`--${boundary}`);
  let start = 0;
  for (let at = bytes.indexOf(marker, start); at !== -1; at = bytes.indexOf(marker, start)) {
    hash.update(bytes.subarray(start, at)).update('\u0000--boundary');
    start = at + marker.length;
  }
  return hash.update(bytes.subarray(start)).digest('hex');
}

/**
 * Claims `key` for this request, in one write transaction so two workers never both run it. A row
 * older than the TTL, or left running by a dead worker, counts as absent.
 */
export function claimIdempotencyKey(userId: number, key: string, fingerprint: string, now = Date.now()): Claim {
  const db = getDb();
  return db.transaction(() => {
    const row = db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
      .get();
    const createdAt = row?.createdAt.getTime() ?? 0;
    const expired = createdAt <= now - IDEMPOTENCY_KEY_TTL_MS;
    const abandoned = row?.status == null && createdAt <= now - IN_FLIGHT_ABANDONED_MS;
    if (!row || expired || abandoned) {
      const fresh = { fingerprint, status: null, headers: null, body: null, createdAt: new Date(now) };
      db.insert(idempotencyKeys)
        .values({ userId, key, ...fresh })
        .onConflictDoUpdate({ target: [idempotencyKeys.userId, idempotencyKeys.key], set: fresh })
        .run();
      return { kind: 'run' } as const;
    }
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' } as const;
    if (row.status == null) return { kind: 'in-flight' } as const;
    return { kind: 'replay', answer: { status: row.status, headers: row.headers ?? {}, body: row.body ?? Buffer.alloc(0) } } as const;
  }, IMMEDIATE);
}

/** Keeps the first request's answer for its replays. */
export function recordIdempotentAnswer(userId: number, key: string, fingerprint: string, answer: StoredAnswer): void {
  getDb()
    .update(idempotencyKeys)
    .set({ status: answer.status, headers: answer.headers, body: answer.body })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.fingerprint, fingerprint)))
    .run();
}

/** Frees a key whose request failed without writing (an error answer): a retry runs again. */
export function releaseIdempotencyKey(userId: number, key: string, fingerprint: string): void {
  getDb()
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.userId, userId),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.fingerprint, fingerprint),
        isNull(idempotencyKeys.status),
      ),
    )
    .run();
}

/** Deletes keys older than the TTL; returns how many. Runs hourly in the server's primary. */
export function sweepIdempotencyKeys(now = Date.now()): number {
  return getDb()
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_KEY_TTL_MS)))
    .run().changes;
}

let sweepTimer: NodeJS.Timeout | undefined;

/** Sweeps expired keys every hour in this process (the cluster's primary, like the uploads clean-up). */
export function scheduleIdempotencySweep(): void {
  if (sweepTimer) return;
  const run = () => {
    try {
      const removed = sweepIdempotencyKeys();
      if (removed) console.log(JSON.stringify({ level: 'info', msg: 'idempotency keys swept', removed }));
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'idempotency sweep failed', error: error instanceof Error ? error.stack : String(error) }),
      );
    }
  };
  sweepTimer = setInterval(run, IDEMPOTENCY_SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  run();
}
