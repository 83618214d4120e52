/**
 * AAR autosave on the server, so an AAR in progress survives a change of device. A note autosaves
 * as a draft note; an AAR cannot (it is not valid until complete), so its form's fields are kept
 * as they are in aar_drafts: one per member and target (a new AAR, or the AAR being edited), with
 * the note drafts' rate limits. Saving the AAR or discarding the draft deletes it. Another member's
 * draft answers 404, as if it did not exist.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { aarDrafts } from '~db/schema.ts';
import { AAR_DRAFT_MAX_BYTES, type AarDraftInput } from '../aar-draft-validation.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { getNoteRow } from './note.ts';
import { can } from './permissions.ts';
import { enforceRateLimit, RATE_LIMITS } from './rate-limit.ts';
import type { SessionUser } from './user.ts';

export interface AarDraft {
  id: number;
  noteId: number | null;
  values: Record<string, string>;
  savedAt: number;
}

const toDraft = (row: typeof aarDrafts.$inferSelect): AarDraft => ({
  id: row.id,
  noteId: row.noteId,
  values: row.values,
  savedAt: row.savedAt.getTime(),
});

function checkSize(values: Record<string, string>): void {
  if (Buffer.byteLength(JSON.stringify(values), 'utf8') > AAR_DRAFT_MAX_BYTES) {
    throw new DomainError(413, `ฉบับร่างใหญ่เกิน ${AAR_DRAFT_MAX_BYTES / 1024} KB จึงเก็บไว้ที่เครื่องนี้เท่านั้น กรุณาย่อข้อความให้สั้นลง`);
  }
}

function limitRate(user: SessionUser, clientIp: string): void {
  enforceRateLimit(`draft:user:${user.id}`, RATE_LIMITS.draftSavePerUser);
  enforceRateLimit(`draft:ip:${clientIp}`, RATE_LIMITS.draftSavePerIp);
}

/** The server's copy is newer than the one the saving device started from: 409 with that copy (`draft`). */
function newerDraftError(draft: AarDraft): DomainError {
  const time = new Date(draft.savedAt).toLocaleTimeString('th-TH', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Bangkok' });
  return new DomainError(
    409,
    `มีฉบับร่าง AAR ที่ใหม่กว่าบนเซิร์ฟเวอร์ (บันทึกจากอีกเครื่องเมื่อ ${time} น.) จึงไม่บันทึกทับ กรุณากู้คืนฉบับที่ใหม่กว่าแล้วแก้ต่อจากฉบับนั้น`,
    undefined,
    undefined,
    { draft },
  );
}

/** Refuses a save that started from an older copy than the one stored (`baseSavedAt` absent: no check). */
function refuseIfNewer(row: typeof aarDrafts.$inferSelect | undefined, baseSavedAt: number | undefined): void {
  if (baseSavedAt === undefined || !row) return;
  if (row.savedAt.getTime() > baseSavedAt) throw newerDraftError(toDraft(row));
}

/** Now, but never the same instant as the copy replaced: a device that saw that copy must see a change. */
const laterThan = (row: { savedAt: Date } | undefined) => new Date(Math.max(Date.now(), (row?.savedAt.getTime() ?? 0) + 1));

const targetIs = (noteId: number | null) => (noteId === null ? isNull(aarDrafts.noteId) : eq(aarDrafts.noteId, noteId));

/** The member's draft of a new AAR (noteId null) or of their AAR `noteId`, if one is kept. */
export function findAarDraft(user: SessionUser, noteId: number | null): AarDraft | undefined {
  const row = getDb()
    .select()
    .from(aarDrafts)
    .where(and(eq(aarDrafts.authorId, user.id), targetIs(noteId)))
    .get();
  return row && toDraft(row);
}

/** A draft by id, only for its author (404 for anyone else). */
function ownDraft(user: SessionUser | null, id: number) {
  if (!user) throw needLogin();
  const row = getDb().select().from(aarDrafts).where(eq(aarDrafts.id, id)).get();
  if (!row || !can(user, 'note:edit', { authorId: row.authorId })) throw notFound('ฉบับร่าง AAR นี้');
  return row;
}

/**
 * Saves the member's draft for a target, creating it on the first save. A draft of an existing AAR
 * needs the right to edit that AAR. Returns the draft and whether it was created.
 */
export function saveAarDraft(user: SessionUser | null, input: AarDraftInput, clientIp: string): { draft: AarDraft; created: boolean } {
  if (!user) throw needLogin();
  if (input.noteId === null) {
    if (!can(user, 'aar:create')) throw forbidden('บัญชีของคุณเขียน AAR ไม่ได้ในขณะนี้');
  } else {
    const note = getNoteRow(input.noteId);
    if (!note || note.kind !== 'aar' || note.deletedAt) throw notFound('AAR นี้');
    if (!can(user, 'note:edit', { authorId: note.authorId })) throw forbidden('บันทึกร่างได้เฉพาะ AAR ของตนเอง');
  }
  checkSize(input.values);
  limitRate(user, clientIp);
  return writeTransaction(() => {
    const db = getDb();
    const existing = db
      .select()
      .from(aarDrafts)
      .where(and(eq(aarDrafts.authorId, user.id), targetIs(input.noteId)))
      .get();
    refuseIfNewer(existing, input.baseSavedAt);
    const savedAt = laterThan(existing);
    if (existing) {
      const row = db.update(aarDrafts).set({ values: input.values, savedAt }).where(eq(aarDrafts.id, existing.id)).returning().get();
      return { draft: toDraft(row), created: false };
    }
    const row = db.insert(aarDrafts).values({ authorId: user.id, noteId: input.noteId, values: input.values, savedAt }).returning().get();
    return { draft: toDraft(row), created: true };
  });
}

/** Overwrites a draft by id (its author only), unless it is newer than `baseSavedAt` (409). */
export function updateAarDraft(
  user: SessionUser | null,
  id: number,
  values: Record<string, string>,
  clientIp: string,
  baseSavedAt?: number,
): AarDraft {
  ownDraft(user, id);
  checkSize(values);
  limitRate(user!, clientIp);
  return writeTransaction(() => {
    const db = getDb();
    const row = db.select().from(aarDrafts).where(eq(aarDrafts.id, id)).get();
    if (!row) throw notFound('ฉบับร่าง AAR นี้');
    refuseIfNewer(row, baseSavedAt);
    return toDraft(
      db
        .update(aarDrafts)
        .set({ values, savedAt: laterThan(row) })
        .where(eq(aarDrafts.id, id))
        .returning()
        .get(),
    );
  });
}

/** A draft by id (its author only). */
export function getAarDraft(user: SessionUser | null, id: number): AarDraft {
  return toDraft(ownDraft(user, id));
}

/** Discards a draft by id (its author only). */
export function deleteAarDraft(user: SessionUser | null, id: number): void {
  const row = ownDraft(user, id);
  getDb().delete(aarDrafts).where(eq(aarDrafts.id, row.id)).run();
}

/** Forgets the member's draft for a target once the AAR itself is saved. */
export function forgetAarDraft(userId: number, noteId: number | null): void {
  getDb()
    .delete(aarDrafts)
    .where(and(eq(aarDrafts.authorId, userId), targetIs(noteId)))
    .run();
}

/** Draft ids in URLs: a positive whole number, else 404. */
export function parseAarDraftId(raw: string | undefined): number {
  const id = /^\d{1,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('ฉบับร่าง AAR นี้');
  return id;
}
