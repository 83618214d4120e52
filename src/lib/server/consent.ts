/**
 * Recorded consent (PDPA s.19): every decision is a row in consent_records, the newest per purpose
 * is the current state. Registration records the notice's acceptance and the optional purposes the
 * member ticked; settings and the notice prompt change them. The directory's listing column
 * (users.hidden_from_directory, kept for the directory's partial indexes) follows the consent.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import { CONSENT_PURPOSES, CONSENT_SOURCES, consentRecords, users, type ConsentPurpose } from '~db/schema.ts';
import { OPTIONAL_PURPOSES, PRIVACY_NOTICE_VERSION, type OptionalPurpose } from '../privacy.ts';

export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** One line of GET /api/me/consents: the current state of a purpose and when it was decided. */
export interface ConsentItem {
  purpose: ConsentPurpose;
  version: number;
  given: boolean;
  at: string;
}

/** Appends one decision; keeps the directory column in step. Call inside the caller's transaction. */
function appendConsent(userId: number, purpose: ConsentPurpose, given: boolean, source: ConsentSource, now: Date): void {
  const db = getDb();
  db.insert(consentRecords).values({ userId, purpose, version: PRIVACY_NOTICE_VERSION, given, source, createdAt: now }).run();
  if (purpose === 'directory') db.update(users).set({ hiddenFromDirectory: !given }).where(eq(users.id, userId)).run();
}

/** Records the choices that differ from the current state (an unchanged switch writes no row). */
export function setConsents(
  userId: number,
  choices: Partial<Record<OptionalPurpose, boolean>>,
  source: ConsentSource,
  now = new Date(),
): void {
  const current = currentConsents(userId);
  const changed = OPTIONAL_PURPOSES.filter((purpose) => choices[purpose] !== undefined && current.get(purpose)?.given !== choices[purpose]);
  if (changed.length === 0) return;
  // Each change is a row of the log: flipping a switch in a loop must not grow it without end.
  enforceRateLimit(`consent:user:${userId}`, RATE_LIMITS.editPerUser);
  writeTransaction(() => {
    for (const purpose of changed) appendConsent(userId, purpose, choices[purpose]!, source, now);
  });
}

/** Records that the member read and accepted the current privacy notice. */
export function acceptPrivacyNotice(userId: number, source: ConsentSource, now = new Date()): void {
  const accepted = currentConsents(userId).get('privacy-notice');
  if (accepted?.given && accepted.version === PRIVACY_NOTICE_VERSION) return; // read once per version: no new row
  writeTransaction(() => appendConsent(userId, 'privacy-notice', true, source, now));
}

/** A new account's records: the notice accepted on the form and each optional purpose as ticked (unticked is recorded too). */
export function recordRegistrationConsents(userId: number, choices: Record<OptionalPurpose, boolean>, now = new Date()): void {
  appendConsent(userId, 'privacy-notice', true, 'registration', now);
  for (const purpose of OPTIONAL_PURPOSES) appendConsent(userId, purpose, choices[purpose], 'registration', now);
}

function currentConsents(userId: number): Map<ConsentPurpose, typeof consentRecords.$inferSelect> {
  const rows = getDb().select().from(consentRecords).where(eq(consentRecords.userId, userId)).orderBy(desc(consentRecords.id)).all();
  const current = new Map<ConsentPurpose, typeof consentRecords.$inferSelect>();
  for (const row of rows) if (!current.has(row.purpose)) current.set(row.purpose, row);
  return current;
}

/** Every purpose's current state (a purpose never decided is absent), in CONSENT_PURPOSES order. */
export function listConsents(userId: number): ConsentItem[] {
  const current = currentConsents(userId);
  return CONSENT_PURPOSES.flatMap((purpose) => {
    const row = current.get(purpose);
    return row ? [{ purpose, version: row.version, given: row.given, at: row.createdAt.toISOString() }] : [];
  });
}

/** The whole log, oldest first (the export carries it). */
export function consentHistory(userId: number): ConsentItem[] {
  return getDb()
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.userId, userId))
    .orderBy(consentRecords.id)
    .all()
    .map((r) => ({ purpose: r.purpose, version: r.version, given: r.given, at: r.createdAt.toISOString(), source: r.source }));
}

/** Whether the member's newest decision on `purpose` is a yes. */
export function hasConsent(userId: number, purpose: ConsentPurpose): boolean {
  return currentConsents(userId).get(purpose)?.given ?? false;
}

/** Of `userIds`, those whose newest decision on `purpose` is a yes (one query; mail uses it per batch). */
export function usersWithConsent(userIds: number[], purpose: ConsentPurpose): Set<number> {
  if (userIds.length === 0) return new Set();
  const rows = getDb()
    .select({ userId: consentRecords.userId })
    .from(consentRecords)
    .where(
      and(
        inArray(consentRecords.userId, userIds),
        eq(consentRecords.purpose, purpose),
        eq(consentRecords.given, true),
        sql`${consentRecords.id} = (SELECT max(id) FROM consent_records AS newer WHERE newer.user_id = ${consentRecords.userId} AND newer.purpose = ${purpose})`,
      ),
    )
    .all();
  return new Set(rows.map((r) => r.userId));
}

/** Whether the member has yet to accept the current notice's version (a new version asks once). */
export function needsNoticeAcceptance(userId: number): boolean {
  const accepted = currentConsents(userId).get('privacy-notice');
  return !accepted?.given || accepted.version < PRIVACY_NOTICE_VERSION;
}

export const NOTICE_NOT_ACCEPTED = 'สมัครสมาชิกได้เมื่อยอมรับประกาศความเป็นส่วนตัวเท่านั้น กรุณาอ่านประกาศที่ /privacy แล้วส่งอีกครั้ง';

/**
 * The consent part of a sign-up, from the form (checkboxes "on") or JSON (`acceptPrivacyNotice`,
 * `consents: {mail, directory}`). The notice is acknowledged by signing up next to its link (s.23
 * asks that members are told, not that they agree); `acceptPrivacyNotice: false` is refused.
 * Optional purposes are no unless said yes (s.19).
 */
export function readRegistrationConsents(raw: unknown): { accepted: boolean; choices: Record<OptionalPurpose, boolean> } {
  const data = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const yes = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';
  const nested = (typeof data.consents === 'object' && data.consents !== null ? data.consents : {}) as Record<string, unknown>;
  return {
    accepted: data.acceptPrivacyNotice === undefined || yes(data.acceptPrivacyNotice),
    choices: {
      mail: yes(nested.mail) || yes(data['consent-mail']),
      directory: yes(nested.directory) || yes(data['consent-directory']),
    },
  };
}
