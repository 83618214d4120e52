/**
 * A community's cover photo. The owner and managers upload one through the uploads module (so it
 * is re-encoded by sharp with every piece of metadata, GPS included, dropped) cropped to
 * COVER_ASPECT around its most interesting part; they give it alt text, replace or remove it.
 * The upload counts against the quota of whoever uploaded it; the community points at it, and the
 * uploads clean-up leaves a cover alone. A replaced or removed cover is marked unreferenced, so the
 * clean-up removes it a day later unless a note shows it.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { communities, uploads } from '~db/schema.ts';
import { COVER_ASPECT, communityCover, type CommunityCover } from '../community-cover.ts';
import { writeAudit } from './audit.ts';
import { communityResource } from './community-access.ts';
import { forgetCommunityIndex, type CommunityRow } from './community.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { createUpload } from './upload/store.ts';
import type { SessionUser } from './user.ts';

const COVER_ALT_MAX_CHARS = 200;
const NOT_AN_IMAGE = 'ภาพปกต้องเป็นไฟล์ภาพ (JPEG, PNG, WebP หรือ GIF) กรุณาเลือกภาพแล้วลองอีกครั้ง';

/**
 * The user, when they may change this community's cover (its owner or a manager, while it is not
 * archived); 401/403 otherwise. Routes call it before reading the upload, so a refused request
 * costs no image processing and stores nothing.
 */
export function requireCoverEditor(user: SessionUser | null, community: CommunityRow): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'community:manage', communityResource(user.id, community))) {
    throw forbidden(community.archivedAt ? 'ชุมชนนี้ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว) จึงเปลี่ยนภาพปกไม่ได้' : 'เปลี่ยนภาพปกได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
  }
  return user;
}

/** The community's cover, or null. */
export function getCommunityCover(community: CommunityRow): CommunityCover | null {
  if (!community.coverUploadId) return null;
  const row = getDb().select({ fileName: uploads.fileName }).from(uploads).where(eq(uploads.id, community.coverUploadId)).get();
  return communityCover(row?.fileName, community.coverAlt, community.name);
}

const cleanAlt = (alt: string) =>
  [
    ...alt
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(0, COVER_ALT_MAX_CHARS)
    .join('');

/** The old cover starts its 24 hours towards the clean-up, unless a note or comment shows it. */
function releaseUpload(uploadId: string, now: Date): void {
  getDb()
    .$client.prepare(
      'UPDATE uploads SET unreferenced_since = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM upload_refs WHERE upload_id = ?)',
    )
    .run(now.getTime(), uploadId, uploadId);
}

/**
 * Points the community at upload `uploadId` as its cover, in one transaction with the audit line;
 * the previous cover is released. Checks the editor again against the row as it is now: a photo
 * takes seconds, and the community may have been archived or the manager removed meanwhile.
 */
function pointCoverAt(user: SessionUser, communityId: number, uploadId: string, alt: string): CommunityCover {
  const db = getDb();
  const updated = writeTransaction(() => {
    const current = db.select().from(communities).where(eq(communities.id, communityId)).get();
    if (!current) throw notFound('ชุมชนนี้');
    requireCoverEditor(user, current);
    db.update(communities)
      .set({ coverUploadId: uploadId, coverAlt: cleanAlt(alt) })
      .where(eq(communities.id, current.id))
      .run();
    db.update(uploads).set({ unreferencedSince: null }).where(eq(uploads.id, uploadId)).run();
    if (current.coverUploadId && current.coverUploadId !== uploadId) releaseUpload(current.coverUploadId, new Date());
    writeAudit({
      actorId: user.id,
      action: 'community:set-cover',
      targetType: 'community',
      targetId: current.id,
      detail: cleanAlt(alt) || 'ไม่มีคำบรรยายภาพ',
    });
    return db.select().from(communities).where(eq(communities.id, current.id)).get()!;
  });
  forgetCommunityIndex();
  return getCommunityCover(updated)!;
}

/** Uploads `file` as the community's new cover (415 in Thai for anything but a picture). */
export async function setCommunityCover(
  actor: SessionUser | null,
  community: CommunityRow,
  file: { name: string; bytes: Buffer },
  alt: string,
): Promise<CommunityCover> {
  const user = requireCoverEditor(actor, community);
  const upload = await createUpload(user, file, cleanAlt(alt), { aspect: COVER_ASPECT, refusal: NOT_AN_IMAGE });
  return pointCoverAt(user, community.id, upload.id, alt);
}

/**
 * Makes a picture the caller already uploaded (POST /api/uploads) the cover. It is not cropped again:
 * the page shows it in the same 3:1 band (object-fit), so its middle shows.
 */
export function setCoverFromUpload(actor: SessionUser | null, community: CommunityRow, uploadId: string, alt: string): CommunityCover {
  const user = requireCoverEditor(actor, community);
  const upload = getDb().select({ ownerId: uploads.ownerId, kind: uploads.kind }).from(uploads).where(eq(uploads.id, uploadId)).get();
  if (!upload) throw notFound('ไฟล์ที่อัปโหลดนี้');
  if (upload.ownerId !== user.id) throw forbidden('ใช้เป็นภาพปกได้เฉพาะภาพที่คุณอัปโหลดเอง กรุณาอัปโหลดภาพใหม่');
  if (upload.kind !== 'image') throw new DomainError(415, NOT_AN_IMAGE, { uploadId: NOT_AN_IMAGE });
  return pointCoverAt(user, community.id, uploadId, alt);
}

/** Takes the cover off the community (404 in Thai when it has none). */
export function removeCommunityCover(actor: SessionUser | null, community: CommunityRow): void {
  const user = requireCoverEditor(actor, community);
  if (!community.coverUploadId) throw new DomainError(404, 'ชุมชนนี้ยังไม่มีภาพปก (อาจถูกนำออกไปแล้ว)');
  const db = getDb();
  writeTransaction(() => {
    db.update(communities).set({ coverUploadId: null, coverAlt: '' }).where(eq(communities.id, community.id)).run();
    releaseUpload(community.coverUploadId!, new Date());
    writeAudit({
      actorId: user.id,
      action: 'community:remove-cover',
      targetType: 'community',
      targetId: community.id,
      detail: community.name,
    });
  });
  forgetCommunityIndex();
}
