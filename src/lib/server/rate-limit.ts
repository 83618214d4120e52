/**
 * Token-bucket rate limits stored in SQLite, so a restart does not reset an attacker's budget.
 * Each bucket holds `capacity` tokens and refills `capacity` tokens every `refillMs`.
 */
import { getDb } from '~db/client.ts';
import { MINUTE_MS, HOUR_MS } from '../time.ts';
import { DomainError } from './errors.ts';
import { withoutFsync, writeTransaction } from './write-transaction.ts';

/** Buckets are bookkeeping: one lost at power loss refills a limit early, so their commits skip the fsync (write-transaction.ts). */
const NO_FSYNC = { durable: false } as const;

export interface BucketPolicy {
  capacity: number;
  refillMs: number;
}

/**
 * Every limit in one table. Keys used with them: `login:user:<name>`, `login:ip:<ip>`,
 * `register:ip:<ip>`, `note:user:<id>`, `note:ip:<ip>`, `comment:user:<id>`, `comment:ip:<ip>`,
 * `upload:user:<id>`, `upload:ip:<ip>`, `report:user:<id>`, `reset:ip:<ip>`, `reset:login:<login>`,
 * `password:user:<id>`, `password:ip:<ip>`, `preview:user:<id>`, `draft:user:<id>`, `draft:ip:<ip>`,
 * `event:user:<id>`, `invitation:user:<id>`, `join-request:user:<id>`,
 * `suggest:user:<id>`, `verify:user:<id>`,
 * `appreciation:user:<id>`, `series:user:<id>`, `reaction:user:<id>`, `view:ip:<ip>`.
 * Per-IP buckets are roomier than per-account ones: many people may share one office NAT.
 */
export const RATE_LIMITS = {
  loginPerAccount: { capacity: 5, refillMs: 15 * MINUTE_MS },
  loginPerIp: { capacity: 20, refillMs: 15 * MINUTE_MS },
  registerPerIp: { capacity: 5, refillMs: HOUR_MS },
  notePerUser: { capacity: 20, refillMs: HOUR_MS },
  notePerIp: { capacity: 60, refillMs: HOUR_MS },
  commentPerUser: { capacity: 30, refillMs: 10 * MINUTE_MS },
  commentPerIp: { capacity: 60, refillMs: 10 * MINUTE_MS },
  exportPerUser: { capacity: 5, refillMs: HOUR_MS },
  uploadPerUser: { capacity: 30, refillMs: HOUR_MS },
  uploadPerIp: { capacity: 90, refillMs: HOUR_MS },
  reportPerUser: { capacity: 20, refillMs: HOUR_MS },
  passwordResetPerIp: { capacity: 10, refillMs: HOUR_MS },
  passwordResetPerAccount: { capacity: 3, refillMs: HOUR_MS },
  /** Appreciation and its undo: generous for a reader going through a thread, a wall for scripts. */
  appreciationPerUser: { capacity: 60, refillMs: 10 * MINUTE_MS },
  /** The current-password box in /settings: like login, so a stolen session is no guessing oracle. */
  passwordCheckPerAccount: { capacity: 5, refillMs: 15 * MINUTE_MS },
  passwordCheckPerIp: { capacity: 20, refillMs: 15 * MINUTE_MS },
  /** The editor's live preview: about one a second while typing, with room for bursts. */
  previewPerUser: { capacity: 120, refillMs: 2 * MINUTE_MS },
  /** Draft autosave: the editor saves every few seconds while typing (each save renders up to 200 KB). */
  draftSavePerUser: { capacity: 60, refillMs: 2 * MINUTE_MS },
  draftSavePerIp: { capacity: 180, refillMs: 2 * MINUTE_MS },
  /** Saving an edit (note or comment) renders up to 200 KB again: room for steady editing, not a loop. */
  editPerUser: { capacity: 60, refillMs: 10 * MINUTE_MS },
  editPerIp: { capacity: 180, refillMs: 10 * MINUTE_MS },
  eventPerUser: { capacity: 10, refillMs: HOUR_MS },
  /** Invitations by username notify the invitee; links are cheap but each is a row. */
  invitationPerUser: { capacity: 50, refillMs: HOUR_MS },
  /** Each request notifies a community's managers. */
  joinRequestPerUser: { capacity: 20, refillMs: HOUR_MS },
  /** `@` suggestions in the comment box and editor: a lookup per keystroke pause. */
  mentionSuggestPerUser: { capacity: 60, refillMs: MINUTE_MS },
  /** Verification links on request (settings): an address someone else typed must not be flooded. */
  verifyMailPerUser: { capacity: 3, refillMs: HOUR_MS },
  /** A series is a page of its own: a writer starts a few, a script must not start hundreds (issue 21: 351 in seconds). */
  seriesPerUser: { capacity: 10, refillMs: HOUR_MS },
  /**
   * Follows (people, communities), bookmarks, watching a note, attending an event, joining and
   * filing a note into a community, each way: a row per click, some notify someone. Room for a
   * member going through a list, a wall for a script.
   */
  reactionPerUser: { capacity: 120, refillMs: 10 * MINUTE_MS },
  /** Counted reads per address (view-counts.ts), shared by every worker (was 30 per worker). */
  viewsPerIp: { capacity: 30, refillMs: MINUTE_MS },
} as const satisfies Record<string, BucketPolicy>;

/** Both buckets of a current-password check (every password check outside sign-in goes through this). */
export function enforcePasswordCheckLimits(userId: number, clientIp: string): void {
  enforceRateLimit(`password:ip:${clientIp}`, RATE_LIMITS.passwordCheckPerIp);
  enforceRateLimit(`password:user:${userId}`, RATE_LIMITS.passwordCheckPerAccount);
}

/** Both upload buckets at once, for the upload route (one call, so no route forgets the per-IP one). */
export function enforceUploadLimits(userId: number, clientIp: string): void {
  enforceRateLimit(`upload:user:${userId}`, RATE_LIMITS.uploadPerUser);
  enforceRateLimit(`upload:ip:${clientIp}`, RATE_LIMITS.uploadPerIp);
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Takes one token from the bucket `key` if there is one. Read-modify-write happens in one
 * IMMEDIATE transaction so concurrent processes never both spend the last token.
 */
export function consumeToken(key: string, policy: BucketPolicy, now = Date.now()): RateLimitResult {
  const sqlite = getDb().$client;
  return writeTransaction((): RateLimitResult => {
    const row = sqlite.prepare('SELECT tokens, updated_at AS updatedAt FROM rate_limits WHERE key = ?').get(key) as
      { tokens: number; updatedAt: number } | undefined;
    const refillPerMs = policy.capacity / policy.refillMs;
    const available = row ? Math.min(policy.capacity, row.tokens + Math.max(0, now - row.updatedAt) * refillPerMs) : policy.capacity;
    if (available < 1) return { allowed: false, retryAfterMs: Math.ceil((1 - available) / refillPerMs) };
    sqlite
      .prepare(
        'INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at',
      )
      .run(key, available - 1, now);
    return { allowed: true };
  }, NO_FSYNC);
}

/**
 * Takes up to `wanted` tokens from the bucket `key` at once and returns how many it got (0 when
 * empty). For batched counts (view-counts.ts flushes a worker's gathered reads per address):
 * call inside the caller's writeTransaction, or alone (it opens its own).
 */
export function takeTokens(key: string, policy: BucketPolicy, wanted: number, now = Date.now()): number {
  const sqlite = getDb().$client;
  return writeTransaction(() => {
    const row = sqlite.prepare('SELECT tokens, updated_at AS updatedAt FROM rate_limits WHERE key = ?').get(key) as
      { tokens: number; updatedAt: number } | undefined;
    const refillPerMs = policy.capacity / policy.refillMs;
    const available = row ? Math.min(policy.capacity, row.tokens + Math.max(0, now - row.updatedAt) * refillPerMs) : policy.capacity;
    const granted = Math.max(0, Math.min(wanted, Math.floor(available)));
    sqlite
      .prepare(
        'INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at',
      )
      .run(key, available - granted, now);
    return granted;
  }, NO_FSYNC);
}

/** The one bucket of follows, bookmarks, watches, attending, joining and filing (RATE_LIMITS.reactionPerUser). */
export function enforceReactionLimit(userId: number): void {
  enforceRateLimit(`reaction:user:${userId}`, RATE_LIMITS.reactionPerUser);
}

/** Forgets a bucket (e.g. the per-account login bucket after a successful login). */
export function resetBucket(key: string): void {
  withoutFsync(() => getDb().$client.prepare('DELETE FROM rate_limits WHERE key = ?').run(key));
}

/** Thai sentence telling the user when to try again. */
export function retryMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE_MS));
  const when = minutes < 90 ? `${minutes} นาที` : `${Math.ceil(retryAfterMs / HOUR_MS)} ชั่วโมง`;
  return `ทำรายการถี่เกินไป กรุณาลองใหม่ในอีกประมาณ ${when}`;
}

/** Throws a 429 DomainError with a Thai "try again in N minutes" when the bucket is empty. */
export function enforceRateLimit(key: string, policy: BucketPolicy): void {
  const result = consumeToken(key, policy);
  if (!result.allowed) throw new DomainError(429, retryMessage(result.retryAfterMs), undefined, result.retryAfterMs);
}

/** Edits of notes and comments share one bucket per account and one per IP. */
export function enforceEditRateLimit(user: { id: number }, clientIp: string): void {
  enforceRateLimit(`edit:user:${user.id}`, RATE_LIMITS.editPerUser);
  enforceRateLimit(`edit:ip:${clientIp}`, RATE_LIMITS.editPerIp);
}
