/**
 * `ETag` and `If-Match` for notes and AARs (RFC 9110 §13.1.1): a note's ETag names its revision
 * (notes.revision, +1 on every save), so an edit started from an older text can be refused with
 * 412 instead of silently overwriting what was written since. The web edit form carries the same
 * number in its `baseRevision` field. See docs/decisions/2301-idempotency-and-if-match.md.
 */
import { DomainError } from './errors.ts';

/** Sent with a PATCH as `X-Keep-Conflict: 1`: on a 412, keep the sent version as a draft copy (note-conflict.ts). */
export const KEEP_CONFLICT_HEADER = 'x-keep-conflict';

/** Whether an edit may go ahead on top of the note's current revision. */
export type RevisionCheck = (currentRevision: number) => boolean;

/** The strong ETag of a note's revision, e.g. `"n12-r3"` (the id too: a tag never fits another note). */
export function noteEtag(note: { id: number; revision: number }): string {
  return `"n${note.id}-r${note.revision}"`;
}

/**
 * The check an `If-Match` header asks for, or undefined when there is none (the edit goes ahead as
 * before). `*` matches any revision; otherwise one of the listed tags must be this note's current
 * tag, compared strongly (a weak `W/` tag never matches, as RFC 9110 says for If-Match).
 */
export function ifMatchCheck(header: string | null, noteId: number): RevisionCheck | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (header.trim() === '*') return () => true;
  const tags = header.split(',').map((tag) => tag.trim());
  return (revision) => tags.includes(noteEtag({ id: noteId, revision }));
}

/**
 * The check of the web edit form's hidden `baseRevision` field: empty or missing means no check (a
 * page rendered before the field existed); otherwise it must be the current revision.
 */
export function baseRevisionCheck(field: string | undefined): RevisionCheck | undefined {
  if (field === undefined || field.trim() === '') return undefined;
  const base = Number(field);
  if (!Number.isSafeInteger(base) || base < 1) throw new DomainError(400, 'ฉบับที่เริ่มแก้ไม่ถูกต้อง กรุณาเปิดหน้าแก้ไขใหม่แล้วลองอีกครั้ง');
  return (revision) => revision === base;
}

/** What the note holds now, sent with a 412 so the device can show both versions side by side. */
export interface CurrentText {
  revision: number;
  updatedAt: string;
  title: string;
  body: string;
}

export const STALE_EDIT_MESSAGE = 'บันทึกนี้ถูกแก้ไขจากที่อื่นหลังจากที่คุณเริ่มแก้ จึงยังไม่ได้บันทึกการแก้ไขของคุณ กรุณาเปรียบเทียบสองฉบับแล้วเลือกว่าจะเก็บฉบับใด';

/** 412 `{error, current: {revision, updatedAt, title, body}}`: the edit was started from an older revision. */
export function staleEditError(note: { revision: number; updatedAt: Date; title: string; bodyMarkdown: string }): DomainError {
  const current: CurrentText = {
    revision: note.revision,
    updatedAt: note.updatedAt.toISOString(),
    title: note.title,
    body: note.bodyMarkdown,
  };
  return new DomainError(412, STALE_EDIT_MESSAGE, undefined, undefined, { current });
}

/** The current text carried by a 412 from staleEditError. */
export function currentTextOf(error: DomainError): CurrentText | undefined {
  return error.status === 412 ? (error.details?.current as CurrentText | undefined) : undefined;
}
