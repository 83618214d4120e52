/**
 * When a device's edit meets a newer text (a 412 from note-revision.ts), both are kept: the
 * server's text stays, and, if the device asks for it, its version becomes a draft copy of the
 * note ("ฉบับจากเครื่องนี้", notes.conflict_of_id) for the author to compare and choose. AARs alike.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { notes } from '~db/schema.ts';
import { LIMITS, type NoteInput, type NotePatch } from '../validation.ts';
import { DomainError } from './errors.ts';
import { createNote, getNoteRow, updateNote } from './note.ts';
import { keepAarConflictCopy, updateAar } from './aar.ts';
import type { AarInput } from '../aar-validation.ts';
import type { RevisionCheck } from './note-revision.ts';
import { getTagsForNotes } from './tag.ts';
import type { SessionUser } from './user.ts';

/** How a conflict copy is marked in its title. */
const CONFLICT_COPY_LABEL = 'ฉบับจากเครื่องนี้';

/** "<title> (ฉบับจากเครื่องนี้)", the title shortened so the mark always fits. */
function conflictCopyTitle(title: string): string {
  const mark = ` (${CONFLICT_COPY_LABEL})`;
  const room = LIMITS.titleMax - mark.length;
  const chars = [...title.trim()];
  return `${chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : chars.join('')}${mark}`;
}

/**
 * Keeps the device's version of note `noteId` as a draft of its author: the patch over the note's
 * current text (fields the device did not send are the server's). Returns the draft's id.
 */
function keepConflictCopy(user: SessionUser, noteId: number, patch: NotePatch, clientIp: string): number {
  const note = getNoteRow(noteId)!;
  const tags = patch.tags ?? getTagsForNotes([noteId]).get(noteId) ?? [];
  const { id } = createNote(
    user,
    {
      title: conflictCopyTitle(patch.title ?? note.title),
      body: patch.body ?? note.bodyMarkdown,
      tags,
      licence: patch.licence ?? (note.licence as NoteInput['licence']),
      status: 'draft',
      eventId: patch.eventId !== undefined ? patch.eventId : note.eventId,
    },
    'note',
    clientIp,
    (copyId) => getDb().update(notes).set({ conflictOfId: noteId }).where(eq(notes.id, copyId)).run(),
  );
  return id;
}

/**
 * updateNote with a revision check; on a 412 with `keepCopy`, the device's version is kept as a
 * draft copy and the 412 also names it (`conflictDraftId`). Nothing of the note itself changes.
 */
export function updateNoteOrKeepCopy(
  user: SessionUser | null,
  noteId: number,
  patch: NotePatch,
  clientIp: string,
  options: { ifRevision?: RevisionCheck; keepCopy?: boolean },
): { revision: number } {
  try {
    return updateNote(user, noteId, patch, clientIp, undefined, options.ifRevision);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 412 || !options.keepCopy || !user) throw error;
    const conflictDraftId = keepConflictCopy(user, noteId, patch, clientIp);
    throw new DomainError(412, error.message, undefined, undefined, { ...error.details, conflictDraftId });
  }
}

/**
 * updateAar with a revision check; on a 412 with `keepCopy` (`X-Keep-Conflict: 1` on the PUT), the
 * device's AAR becomes a draft AAR copy and the 412 names it (`conflictDraftId`), as for notes.
 */
export function updateAarOrKeepCopy(
  user: SessionUser | null,
  noteId: number,
  input: AarInput,
  clientIp: string,
  options: { ifRevision?: RevisionCheck; keepCopy?: boolean },
): void {
  try {
    updateAar(user, noteId, input, clientIp, options.ifRevision);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 412 || !options.keepCopy || !user) throw error;
    const conflictDraftId = keepAarConflictCopy(user, noteId, input, conflictCopyTitle(input.eventTitle), clientIp);
    throw new DomainError(412, error.message, undefined, undefined, { ...error.details, conflictDraftId });
  }
}
