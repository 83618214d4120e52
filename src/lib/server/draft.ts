/**
 * Editor autosave: the first save of a new note creates a draft note; later saves overwrite that
 * draft in place. Autosaves keep no revisions (that would be one every few seconds) and announce
 * no content change: drafts are private, and nothing public changes until the author saves the form.
 */
import { and, eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
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
export function createDraft(user: SessionUser | null, input: DraftInput, clientIp: string): { id: number; savedAt: Date } {
  const { id } = createNote(
    user,
    { title: input.title, body: input.body, tags: input.tags, licence: DEFAULT_LICENCE, status: 'draft', eventId: input.eventId },
    'note',
    clientIp,
  );
  return { id, savedAt: getNoteRow(id)!.updatedAt };
}

/** Overwrites the author's draft with the editor's current text. 409 once the note is published. */
export function saveDraft(user: SessionUser | null, noteId: number, input: DraftInput, clientIp: string): { savedAt: Date } {
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
  writeTransaction(() => {
    getDb()
      .update(notes)
      .set({
        title: input.title,
        bodyMarkdown: input.body,
        bodyHtml,
        excerpt,
        updatedAt: savedAt,
      })
      .where(and(eq(notes.id, noteId), eq(notes.status, 'draft')))
      .run();
    setNoteTags(noteId, input.tags);
    syncUploadRefs({ noteId }, input.body);
  });
  return { savedAt };
}
