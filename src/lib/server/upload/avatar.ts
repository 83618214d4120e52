/**
 * Profile photos (รูปประจำตัว). An avatar is one of the member's uploads, processed like any photo
 * (judged by its bytes, upright, every piece of metadata gone) and then cut to the centre square:
 * a 256 px JPEG plus WebP at 96 and 256 px (src/lib/avatar.ts names them). `users.avatar_upload_id`
 * points at it, which keeps it from the clean-up; it counts against the quota and is listed in
 * settings like any upload. A new photo is a new upload with a new random id, so its URL is new and
 * shows at once although every copy is cached for a year. See docs/decisions/1502-avatars-and-upload-list.md.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { users } from '~db/schema.ts';
import { AVATAR_SIDE } from '../../avatar.ts';
import { imageFileName, variantFileName } from '../../upload-urls.ts';
import { DomainError, forbidden, needLogin } from '../errors.ts';
import { can } from '../permissions.ts';
import type { SessionUser } from '../user.ts';
import { detectUpload } from './detect.ts';
import { removeUploadFiles } from './files.ts';
import { processAvatar } from './image.ts';
import { assertQuotaLeft, cleanName, newId, saveUpload } from './store.ts';
import { MAX_UPLOAD_BYTES } from './usage.ts';

const MB = 1024 * 1024;

/**
 * Points the member at `uploadId` (or at none) and removes their previous avatar upload unless a
 * note or comment shows it. Call inside a write transaction; returns the files to remove after it.
 */
function replaceAvatar(userId: number, uploadId: string | null): string[] {
  const sqlite = getDb().$client;
  const previous = sqlite.prepare('SELECT avatar_upload_id FROM users WHERE id = ?').pluck().get(userId) as string | null;
  getDb().update(users).set({ avatarUploadId: uploadId }).where(eq(users.id, userId)).run();
  if (!previous || previous === uploadId) return [];
  const old = sqlite
    .prepare(`DELETE FROM uploads WHERE id = ? AND NOT EXISTS (SELECT 1 FROM upload_refs WHERE upload_id = uploads.id) RETURNING files`)
    .pluck()
    .get(previous) as string | undefined;
  if (old) return JSON.parse(old) as string[];
  // Shown in a note or comment as well: it stays, and the clean-up takes it once nothing shows it.
  sqlite.prepare('UPDATE uploads SET unreferenced_since = NULL WHERE id = ?').run(previous);
  return [];
}

/**
 * Makes `file` the member's avatar. Refuses (and changes nothing) with a Thai 4xx: 401/403, 400 for
 * no file, 413 past 20 MB, 50 megapixels or the quota, 415 for anything that is not a photo.
 * Returns the new upload's id.
 */
export async function setAvatar(user: SessionUser | null, file: { name: string; bytes: Buffer }): Promise<string> {
  if (!user) throw needLogin();
  if (!can(user, 'upload:create')) throw forbidden('บัญชีของคุณเปลี่ยนรูปประจำตัวไม่ได้ในขณะนี้');
  if (file.bytes.length === 0) throw new DomainError(400, 'กรุณาเลือกรูปภาพที่จะใช้เป็นรูปประจำตัว', { avatar: 'กรุณาเลือกรูปภาพ' });
  if (file.bytes.length > MAX_UPLOAD_BYTES) {
    throw new DomainError(413, `รูปใหญ่เกิน ${MAX_UPLOAD_BYTES / MB} MB กรุณาย่อขนาดรูปแล้วลองใหม่`, {
      avatar: `รูปใหญ่เกิน ${MAX_UPLOAD_BYTES / MB} MB`,
    });
  }
  const detected = detectUpload(file.bytes, file.name);
  if (detected?.kind !== 'image') {
    throw new DomainError(415, 'รูปประจำตัวต้องเป็นไฟล์ภาพ JPEG, PNG, WebP หรือ GIF กรุณาเลือกไฟล์ภาพแล้วลองใหม่', {
      avatar: 'รับเฉพาะไฟล์ภาพ JPEG, PNG, WebP หรือ GIF',
    });
  }
  assertQuotaLeft(user.id, 1);
  const image = await processAvatar(file.bytes, detected.format);
  const id = newId();
  const main = imageFileName(id, AVATAR_SIDE, AVATAR_SIDE);
  const stored = [
    { name: main, bytes: image.jpeg },
    ...image.variants.map((v) => ({ name: variantFileName(id, AVATAR_SIDE, AVATAR_SIDE, v.width), bytes: v.webp })),
  ];
  let replaced: string[] = [];
  saveUpload(
    user.id,
    {
      id,
      ownerId: user.id,
      kind: 'image',
      name: cleanName(file.name, 'รูปประจำตัว.jpg'),
      contentType: 'image/jpeg',
      fileName: main,
      bytes: image.jpeg.length,
      width: image.width,
      height: image.height,
      files: stored.map((f) => f.name),
      storedBytes: stored.reduce((sum, f) => sum + f.bytes.length, 0),
      unreferencedSince: null, // the member's avatar is in use; the clean-up leaves it
    },
    stored,
    () => {
      replaced = replaceAvatar(user.id, id);
    },
  );
  removeUploadFiles(replaced);
  return id;
}

/** Back to initials: the avatar upload goes too unless a note or comment shows it. */
export function removeAvatar(user: SessionUser | null): void {
  if (!user) throw needLogin();
  if (!can(user, 'profile:edit', { authorId: user.id })) throw forbidden('บัญชีของคุณแก้ไขข้อมูลส่วนตัวไม่ได้ในขณะนี้');
  const files = writeTransaction(() => replaceAvatar(user.id, null));
  removeUploadFiles(files);
}

/** The member's avatar upload id, or null (initials). */
export function getAvatarUploadId(userId: number): string | null {
  return getDb().select({ id: users.avatarUploadId }).from(users).where(eq(users.id, userId)).get()?.id ?? null;
}
