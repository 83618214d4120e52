/** Members' mail choices per kind (immediately, daily/weekly digest, off); absent = the kind's default. */
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { mailSettings } from '~db/schema.ts';
import { DomainError } from '../errors.ts';
import { MAIL_KINDS, MAIL_KIND_INFO, isMailKind, type MailKind, type MailMode } from './kinds.ts';

/** Every kind with the member's choice or its default. */
export function getMailSettings(userId: number): Record<MailKind, MailMode> {
  const chosen = new Map(
    getDb()
      .select()
      .from(mailSettings)
      .where(eq(mailSettings.userId, userId))
      .all()
      .map((r) => [r.kind, r.mode]),
  );
  return Object.fromEntries(MAIL_KINDS.map((kind) => [kind, modeFrom(kind, chosen.get(kind))])) as Record<MailKind, MailMode>;
}

/** A stored choice if it is still a valid mode for the kind, else the kind's default. */
export function modeFrom(kind: MailKind, stored: string | undefined): MailMode {
  return stored && (MAIL_KIND_INFO[kind].modes as readonly string[]).includes(stored) ? (stored as MailMode) : MAIL_KIND_INFO[kind].default;
}

/** Saves some kinds' settings; 400 with a Thai message for a kind or mode that does not exist. */
export function setMailSettings(userId: number, changes: Partial<Record<string, string>>): void {
  const db = getDb();
  for (const [kind, mode] of Object.entries(changes)) {
    if (!isMailKind(kind)) throw new DomainError(400, `ไม่มีอีเมลประเภท "${kind}" กรุณาเลือกจากหน้าตั้งค่า`);
    if (!mode || !(MAIL_KIND_INFO[kind].modes as readonly string[]).includes(mode)) {
      throw new DomainError(400, `ตัวเลือกของ "${MAIL_KIND_INFO[kind].label}" ต้องเป็น ${MAIL_KIND_INFO[kind].modes.join(', ')}`);
    }
  }
  writeTransaction(() => {
    for (const [kind, mode] of Object.entries(changes)) {
      db.insert(mailSettings)
        .values({ userId, kind, mode: mode! })
        .onConflictDoUpdate({ target: [mailSettings.userId, mailSettings.kind], set: { mode: mode! } })
        .run();
    }
  });
}
