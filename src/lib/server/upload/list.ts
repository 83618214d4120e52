/**
 * A member's uploads as settings and GET /api/uploads list them: newest first, each with a small
 * picture to recognise it by and where it is used (the notes that show it, directly or in a
 * comment, and whether it is the member's avatar). Kept apart from store.ts so that pages listing
 * uploads do not load sharp.
 */
import { getDb } from '~db/client.ts';
import { UPLOADS_PATH } from '../../upload-urls.ts';
import type { UploadKind } from '~db/schema.ts';

/** The settings page lists this many; older ones stay reachable through GET /api/uploads. */
export const SETTINGS_UPLOADS_SHOWN = 100;

export interface UploadListItem {
  id: string;
  kind: UploadKind;
  name: string;
  url: string;
  /** The smallest stored WebP of an image (for a thumbnail); null for a document. */
  thumbnailUrl: string | null;
  bytes: number;
  storedBytes: number;
  createdAt: Date;
  /** No note, comment or avatar shows it since then (the clean-up removes it a day later). */
  unreferencedSince: Date | null;
  /** The notes that show it (in their text or in one of their comments), not deleted ones. */
  usedIn: { noteId: number; title: string }[];
  /** It is the owner's profile photo. */
  avatar: boolean;
}

interface UploadRow {
  id: string;
  ownerId: number;
  kind: UploadKind;
  name: string;
  fileName: string;
  files: string;
  bytes: number;
  storedBytes: number;
  createdAt: number;
  unreferencedSince: number | null;
}

const COLUMNS = `id, owner_id AS ownerId, kind, name, file_name AS fileName, files, bytes, stored_bytes AS storedBytes,
  created_at AS createdAt, unreferenced_since AS unreferencedSince`;
const VARIANT_WIDTH = /-(\d+)\.webp$/;

/** The narrowest WebP among an image's stored files (`<id>-<w>x<h>-<width>.webp`). */
function smallestWebp(files: string[]): string | null {
  const webps = files
    .map((name) => ({ name, width: Number(VARIANT_WIDTH.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isFinite(f.width));
  webps.sort((a, b) => a.width - b.width);
  return webps[0] ? `${UPLOADS_PATH}${webps[0].name}` : null;
}

/** One upload's owner and name (for the confirm step of a delete), or undefined. */
export function findUpload(id: string): { ownerId: number; name: string } | undefined {
  return getDb().$client.prepare('SELECT owner_id AS ownerId, name FROM uploads WHERE id = ?').get(id) as
    { ownerId: number; name: string } | undefined;
}

/** The member's uploads, newest first (at most `limit`), with where each is used; `total` counts them all. */
export function listUploadsWithUse(userId: number, limit = Number.MAX_SAFE_INTEGER): { items: UploadListItem[]; total: number } {
  const sqlite = getDb().$client;
  const rows = sqlite
    .prepare(`SELECT ${COLUMNS} FROM uploads WHERE owner_id = ? ORDER BY created_at DESC, id LIMIT ?`)
    .all(userId, limit) as UploadRow[];
  const total = sqlite.prepare('SELECT count(*) FROM uploads WHERE owner_id = ?').pluck().get(userId) as number;
  const avatarId = sqlite.prepare('SELECT avatar_upload_id FROM users WHERE id = ?').pluck().get(userId) as string | null;
  const uses = sqlite
    .prepare(
      `
    SELECT DISTINCT r.upload_id AS uploadId, n.id AS noteId, n.title
    FROM uploads u JOIN upload_refs r ON r.upload_id = u.id LEFT JOIN comments c ON c.id = r.comment_id
      JOIN notes n ON n.id = coalesce(r.note_id, c.note_id)
    WHERE u.owner_id = ? AND n.deleted_at IS NULL
    ORDER BY n.id`,
    )
    .all(userId) as { uploadId: string; noteId: number; title: string }[];
  const usedIn = new Map<string, { noteId: number; title: string }[]>();
  for (const { uploadId, noteId, title } of uses) usedIn.set(uploadId, [...(usedIn.get(uploadId) ?? []), { noteId, title }]);
  const items = rows.map((row): UploadListItem => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: `${UPLOADS_PATH}${row.fileName}`,
    thumbnailUrl: row.kind === 'image' ? smallestWebp(JSON.parse(row.files) as string[]) : null,
    bytes: row.bytes,
    storedBytes: row.storedBytes,
    createdAt: new Date(row.createdAt),
    unreferencedSince: row.unreferencedSince === null ? null : new Date(row.unreferencedSince),
    usedIn: usedIn.get(row.id) ?? [],
    avatar: row.id === avatarId,
  }));
  return { items, total };
}
