/**
 * Which notes and comments show which uploads. Every save of a note's or comment's Markdown calls
 * {@link syncUploadRefs} inside its transaction; an upload nobody refers to any more is marked
 * with the time, and the clean-up removes it 24 hours later. Serving asks {@link findServableUpload}
 * whether an upload is shown only by content a moderator hid (then anonymous readers get 404).
 */
import { getDb, preparedQuery } from '~db/client.ts';
import { uploadIdsIn } from '../../upload-urls.ts';

export type RefTarget = { noteId: number } | { commentId: number };

/**
 * Makes the references of one note or comment match the upload ids in its Markdown. Call inside
 * the transaction that saves the text.
 */
export function syncUploadRefs(target: RefTarget, markdown: string): void {
  const sqlite = getDb().$client;
  const [column, id] = 'noteId' in target ? (['note_id', target.noteId] as const) : (['comment_id', target.commentId] as const);
  const wanted = new Set(uploadIdsIn(markdown));
  const current = sqlite.prepare(`SELECT upload_id FROM upload_refs WHERE ${column} = ?`).pluck().all(id) as string[];
  const removed = current.filter((uploadId) => !wanted.has(uploadId));
  const added = [...wanted].filter((uploadId) => !current.includes(uploadId));
  const now = Date.now();
  for (const uploadId of removed) {
    sqlite.prepare(`DELETE FROM upload_refs WHERE ${column} = ? AND upload_id = ?`).run(id, uploadId);
    sqlite
      .prepare('UPDATE uploads SET unreferenced_since = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM upload_refs WHERE upload_id = ?)')
      .run(now, uploadId, uploadId);
  }
  for (const uploadId of added) {
    // Only uploads that exist: a pasted URL of a removed upload refers to nothing.
    const inserted = sqlite
      .prepare(`INSERT INTO upload_refs (upload_id, ${column}) SELECT id, ? FROM uploads WHERE id = ?`)
      .run(id, uploadId);
    if (inserted.changes > 0) sqlite.prepare('UPDATE uploads SET unreferenced_since = NULL WHERE id = ?').run(uploadId);
  }
}

export interface ServableUpload {
  ownerId: number;
  kind: 'image' | 'file';
  name: string;
  contentType: string;
  /**
   * Shown only by notes or comments a moderator hid, that were deleted or whose author is suspended,
   * or the avatar of a suspended member: not for anonymous readers.
   */
  withheld: boolean;
}

/** Whether one reference (note, or comment on a note) is on show: nothing hidden, deleted or by a suspended account. */
const REF_VISIBLE = `(n.hidden_at IS NULL AND n.deleted_at IS NULL AND na.suspended_at IS NULL
  AND c.hidden_at IS NULL AND c.deleted_at IS NULL AND ca.suspended_at IS NULL)`;
const REFS = `FROM upload_refs r LEFT JOIN comments c ON c.id = r.comment_id JOIN notes n ON n.id = coalesce(r.note_id, c.note_id)
  JOIN users na ON na.id = n.author_id LEFT JOIN users ca ON ca.id = c.author_id WHERE r.upload_id = u.id`;

/** An avatar counts like a reference: shown while its member is not suspended. */
const AVATAR_OF = 'FROM users a WHERE a.avatar_upload_id = u.id';

const servable = preparedQuery((db) =>
  db.$client.prepare(`
  SELECT u.owner_id AS ownerId, u.kind, u.name, u.content_type AS contentType,
    EXISTS (SELECT 1 ${REFS} AND NOT ${REF_VISIBLE}) OR EXISTS (SELECT 1 ${AVATAR_OF} AND a.suspended_at IS NOT NULL) AS hiddenRef,
    EXISTS (SELECT 1 ${REFS} AND ${REF_VISIBLE}) OR EXISTS (SELECT 1 ${AVATAR_OF} AND a.suspended_at IS NULL) AS visibleRef
  FROM uploads u WHERE u.id = ? AND instr(u.files, '"' || ? || '"') > 0`),
);

/**
 * The upload a stored file belongs to, or undefined when no upload has that file. It is withheld
 * when hidden content (by a moderator, deleted, or of a suspended account) refers to it or it is a
 * suspended member's avatar, and no visible note or comment or active member's avatar shows it.
 */
export function findServableUpload(id: string, fileName: string): ServableUpload | undefined {
  const row = servable().get(id, fileName) as (Omit<ServableUpload, 'withheld'> & { hiddenRef: number; visibleRef: number }) | undefined;
  if (!row) return undefined;
  return {
    ownerId: row.ownerId,
    kind: row.kind,
    name: row.name,
    contentType: row.contentType,
    withheld: row.hiddenRef === 1 && row.visibleRef === 0,
  };
}
