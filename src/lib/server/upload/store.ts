/**
 * Creating and deleting uploads: checks, quota, the files under the uploads folder and their row.
 * Files are written under temporary names, renamed into place, and the row is inserted last; any
 * failure removes what was written, so a failed upload leaves neither a row nor a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { replicateUpload } from '../replica/upload-replicator.ts';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from '../write-transaction.ts';
import { uploads, type UploadKind } from '~db/schema.ts';
import { DomainError, forbidden, needLogin, notFound } from '../errors.ts';
import { can } from '../permissions.ts';
import { resolveUploadsDir } from '../data-dir.ts';
import type { SessionUser } from '../user.ts';
import { FILE_TYPES, UPLOADS_PATH, documentFileName, formatBytes, imageFileName, variantFileName } from '../../upload-urls.ts';
import { detectUpload } from './detect.ts';
import { processImage } from './image.ts';
import { MAX_UPLOAD_BYTES, uploadUsage } from './usage.ts';
import { removeUploadFiles } from './files.ts';
import { cleanName, nameForType } from './names.ts';

export { cleanName };

const MB = 1024 * 1024;
const MAX_ALT_CHARS = 300;

/** The answer of POST /api/uploads (a contract other tools rely on). */
export interface UploadResult {
  id: string;
  url: string;
  kind: UploadKind;
  name: string;
  bytes: number;
  width?: number;
  height?: number;
  markdown: string;
}

function quotaError(used: number, quota: number): DomainError {
  const left = Math.max(0, quota - used);
  const message = `พื้นที่อัปโหลดของคุณเหลือ ${formatBytes(left)} จาก ${formatBytes(quota)} ไม่พอสำหรับไฟล์นี้ กรุณาลบไฟล์ที่ไม่ใช้แล้วหรือย่อไฟล์ก่อน`;
  return new DomainError(413, message, undefined, undefined, { quota: { used, quota, left } });
}

/** Markdown link/alt text with the characters that would end it escaped. */
function markdownText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
}

export function newId(): string {
  return randomBytes(16).toString('hex');
}

export interface StoredFile {
  name: string;
  bytes: Buffer;
}

/** Writes every file under a temporary name, then renames them all into place; removes them all on failure. */
function writeFiles(files: StoredFile[]): () => void {
  const root = resolveUploadsDir();
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  const removeAll = () => {
    for (const path of written) rmSync(path, { force: true });
  };
  try {
    for (const file of files) {
      const temporary = join(root, `.${file.name}.partial`);
      written.push(temporary);
      writeFileSync(temporary, file.bytes);
    }
    files.forEach((file, i) => {
      const final = join(root, file.name);
      renameSync(written[i]!, final);
      written[i] = final;
    });
  } catch (error) {
    removeAll();
    throw error;
  }
  return removeAll;
}

/** A photo cropped to a shape (a community cover), refused with `refusal` when the file is not an image. */
export interface ImageOnly {
  aspect: number;
  refusal: string;
}

/** 413 before processing when an account's quota cannot take `bytes` more. */
export function assertQuotaLeft(userId: number, bytes: number): void {
  const { used, quota } = uploadUsage(userId);
  if (used + bytes > quota) throw quotaError(used, quota);
}

/**
 * Writes an upload's files, then inserts its row (and runs `alsoInTransaction` in the same write
 * transaction) after checking the quota again with the stored size, in the write lock: parallel
 * uploads cannot overshoot together. On any failure the files are removed and nothing is kept.
 */
export function saveUpload(
  ownerId: number,
  row: Omit<typeof uploads.$inferInsert, 'createdAt'>,
  stored: StoredFile[],
  alsoInTransaction: () => void = () => {},
): void {
  const removeFiles = writeFiles(stored);
  try {
    writeTransaction((tx) => {
      assertQuotaLeft(ownerId, row.storedBytes);
      tx.insert(uploads)
        .values({ ...row, createdAt: new Date() })
        .run();
      alsoInTransaction();
    });
  } catch (error) {
    removeFiles();
    throw error;
  }
  // Off-box copies start now rather than at the replicator's next sweep (no-op without REPLICA_URL).
  for (const file of stored) replicateUpload(join(resolveUploadsDir(), file.name));
}

/**
 * Stores one uploaded file for `user`: detects what it is from its bytes, re-encodes images, checks
 * the quota, writes the files and the row. Throws DomainErrors with Thai messages (401/403/413/415).
 */
export async function createUpload(
  user: SessionUser | null,
  file: { name: string; bytes: Buffer },
  altText = '',
  imageOnly?: ImageOnly,
): Promise<UploadResult> {
  if (!user) throw needLogin();
  if (!can(user, 'upload:create')) throw forbidden('บัญชีของคุณอัปโหลดไฟล์ไม่ได้ในขณะนี้');
  if (file.bytes.length > MAX_UPLOAD_BYTES)
    throw new DomainError(413, `ไฟล์ใหญ่เกิน ${MAX_UPLOAD_BYTES / MB} MB กรุณาย่อขนาดหรือแบ่งไฟล์ก่อนอัปโหลด`);
  if (file.bytes.length === 0) throw new DomainError(400, 'ไฟล์ว่างเปล่า กรุณาเลือกไฟล์อีกครั้ง', { file: 'ไฟล์ว่างเปล่า' });
  const detected = detectUpload(file.bytes, file.name);
  if (imageOnly && detected?.kind !== 'image') throw new DomainError(415, imageOnly.refusal, { file: imageOnly.refusal });
  if (!detected) {
    throw new DomainError(
      415,
      'ไม่รับไฟล์ชนิดนี้ รับเฉพาะภาพ (JPEG, PNG, WebP, GIF, HEIC) และเอกสาร PDF, Word, Excel, PowerPoint, OpenDocument, ข้อความ หรือ CSV',
    );
  }
  // Before any processing: a document is stored as it is; a photo's stored size is known only after
  // re-encoding (usually far below what the phone sent), so for it only a full quota refuses here.
  assertQuotaLeft(user.id, detected.kind === 'file' ? file.bytes.length : 1);
  const id = newId();
  let stored: StoredFile[];
  let row: typeof uploads.$inferInsert;
  const alt = [...altText.replace(/\s+/g, ' ').trim()].slice(0, MAX_ALT_CHARS).join('');
  if (detected.kind === 'image') {
    const image = await processImage(file.bytes, detected.format, { aspect: imageOnly?.aspect });
    const main = imageFileName(id, image.width, image.height);
    stored = [
      { name: main, bytes: image.jpeg },
      ...image.variants.map((v) => ({ name: variantFileName(id, image.width, image.height, v.width), bytes: v.webp })),
    ];
    row = {
      id,
      ownerId: user.id,
      kind: 'image',
      name: cleanName(file.name, 'ภาพ.jpg'), // shown inline, never downloaded under a name
      contentType: 'image/jpeg',
      fileName: main,
      bytes: image.jpeg.length,
      width: image.width,
      height: image.height,
      files: stored.map((f) => f.name),
      storedBytes: stored.reduce((sum, f) => sum + f.bytes.length, 0),
    };
  } else {
    const main = documentFileName(id, file.bytes.length, detected.ext);
    stored = [{ name: main, bytes: file.bytes }];
    row = {
      id,
      ownerId: user.id,
      kind: 'file',
      name: nameForType(file.name, detected.ext, 'เอกสาร'),
      contentType: FILE_TYPES[detected.ext].type,
      fileName: main,
      bytes: file.bytes.length,
      files: [main],
      storedBytes: file.bytes.length,
    };
  }

  saveUpload(user.id, { ...row, unreferencedSince: new Date() }, stored);
  const url = `${UPLOADS_PATH}${row.fileName}`;
  const markdown = row.kind === 'image' ? `![${markdownText(alt)}](${url})` : `[${markdownText(row.name)}](${url})`;
  return {
    id,
    url,
    kind: row.kind,
    name: row.name,
    bytes: row.bytes,
    ...(row.width ? { width: row.width, height: row.height! } : {}),
    markdown,
  };
}

/** Deletes an upload (its owner or a moderator): the row first, then its files. */
export function deleteUpload(user: SessionUser | null, id: string): void {
  if (!user) throw needLogin();
  const row = getDb().select().from(uploads).where(eq(uploads.id, id)).get();
  if (!row) throw notFound('ไฟล์นี้');
  if (!can(user, 'upload:delete', { authorId: row.ownerId })) throw forbidden('ลบได้เฉพาะไฟล์ที่คุณอัปโหลดเอง');
  getDb().delete(uploads).where(eq(uploads.id, id)).run();
  removeUploadFiles(row.files);
}
