/**
 * Editor autosave: the first save of a new note creates a draft note; later saves overwrite that
 * draft in place. Autosaves keep no revisions (that would be one every few seconds) and announce
 * no content change: drafts are private, and nothing public changes until the author saves the form.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '~db/client.ts';
import { notes } from '~db/schema.ts';
import { markdownToPlainText, renderNoteMarkdown } from '../markdown.ts';
import type { DraftInput } from '../draft-validation.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { createNote, EXCERPT_CHARS, getNoteRow } from './note.ts';
import { setNoteTags } from './tag.ts';
import { syncUploadRefs } from './upload/refs.ts';
import { can } from './permissions.ts';
import { enforceRateLimit, RATE_LIMITS } from './rate-limit.ts';
import type { SessionUser } from './user.ts';
import { DEFAULT_LICENCE } from '../licences.ts';

/** Creates the draft note behind a new editor; returns its id and save time. */
export function createDraft(
  user: SessionUser | null,
  input: DraftInput,
  clientIp: string,
): { id: number; savedAt: Date; revision: number } {
  const { id } = createNote(
    user,
    { title: input.title, body: input.body, tags: input.tags, licence: DEFAULT_LICENCE, status: 'draft', eventId: input.eventId },
    'note',
    clientIp,
  );
  const row = getNoteRow(id)!;
  return { id, savedAt: row.updatedAt, revision: row.revision };
}

/** Overwrites the author's draft with the editor's current text. 409 once the note is published. */
export function saveDraft(
  user: SessionUser | null,
  noteId: number,
  input: DraftInput,
  clientIp: string,
): { savedAt: Date; revision: number } {
  if (!user) throw needLogin();
  enforceRateLimit(`draft:user:${user.id}`, RATE_LIMITS.draftSavePerUser);
  enforceRateLimit(`draft:ip:${clientIp}`, RATE_LIMITS.draftSavePerIp);
  const row = getNoteRow(noteId);
  if (!row) throw notFound('ฉบับร่างนี้');
  if (row.deletedAt) throw gone('ฉบับร่างนี้ถูกลบแล้ว');
  if (!can(user, 'note:edit', { authorId: row.authorId })) throw forbidden('บันทึกร่างได้เฉพาะบันทึกของตนเอง');
  if (row.status !== 'draft') throw new DomainError(409, 'บันทึกนี้เผยแพร่แล้ว การแก้ไขจะถูกเก็บในเครื่องนี้จนกว่าคุณจะกดบันทึก');
  const savedAt = new Date();
  const bodyHtml = renderNoteMarkdown(input.body); // rendered before the write lock is taken
  const excerpt = markdownToPlainText(input.body, EXCERPT_CHARS);
  const revision = getDb().transaction(() => {
    getDb()
      .update(notes)
      .set({
        title: input.title,
        bodyMarkdown: input.body,
        bodyHtml,
        excerpt,
        updatedAt: savedAt,
        // An autosave is a new text too: an edit started before it must not overwrite it (If-Match).
        revision: sql`${notes.revision} + 1`,
      })
      .where(and(eq(notes.id, noteId), eq(notes.status, 'draft')))
      .run();
    setNoteTags(noteId, input.tags);
    syncUploadRefs({ noteId }, input.body);
    return getNoteRow(noteId)!.revision;
  }, IMMEDIATE);
  return { savedAt, revision };
}

/** The most drafts GET /api/me/drafts lists (newest edit first); a member with more sees them on their profile. */
export const MEMBER_DRAFTS_LIMIT = 200;

export interface MemberDraft {
  id: number;
  title: string;
  updatedAt: Date;
  /** The note this draft is a conflict copy of ("ฉบับจากเครื่องนี้"), or null. */
  conflictOf: number | null;
}

/**
 * A member's drafts: their notes (and AARs) with status draft, not deleted, newest edit first.
 * Autosaved drafts and conflict copies are both such notes; an AAR form's server autosave
 * (aar_drafts) is not a note and is not listed here.
 */
export function listMemberDrafts(userId: number): MemberDraft[] {
  return getDb()
    .select({ id: notes.id, title: notes.title, updatedAt: notes.updatedAt, conflictOf: notes.conflictOfId })
    .from(notes)
    .where(and(eq(notes.authorId, userId), eq(notes.status, 'draft'), isNull(notes.deletedAt)))
    .orderBy(desc(notes.updatedAt), desc(notes.id))
    .limit(MEMBER_DRAFTS_LIMIT)
    .all();
}
