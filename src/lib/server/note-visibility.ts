/**
 * "Not found and not allowed look the same to a stranger" (issue 21): a note the reader may not see
 * (a draft, a hidden note, a suspended author's) and the comments under it answer every route as a
 * missing one would, 404 with the same Thai sentence, never a 403 that says "it exists, but not for
 * you". Checked once, for every route that names a note or comment in its path
 * (docs/decisions/2103-one-body-reader-write-lock-and-limits.md).
 */
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, notes, users } from '~db/schema.ts';
import { notFound, type DomainError } from './errors.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';

const NOTE_PATH = /^\/(?:api\/)?(?:notes|aar)\/([1-9]\d{0,14})(?:\/|$)/;
const COMMENT_PATH = /^\/(?:api\/)?comments\/([1-9]\d{0,14})(?:\/|$)/;

/**
 * Whether `viewer` may know note `noteId` exists: true when it was deleted (the route answers
 * that itself, 410 alike for everyone) or the viewer may read it; false when it does not exist,
 * so a missing note and a secret one get the very same answer from unknowableTarget.
 */
export function mayKnowNote(viewer: SessionUser | null, noteId: number): boolean {
  const row = getDb()
    .select({
      authorId: notes.authorId,
      status: notes.status,
      deletedAt: notes.deletedAt,
      hiddenAt: notes.hiddenAt,
      suspendedAt: users.suspendedAt,
    })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(eq(notes.id, noteId))
    .get();
  if (!row) return false;
  if (row.deletedAt) return true;
  return can(viewer, 'note:read', {
    authorId: row.authorId,
    status: row.status,
    deleted: false,
    hidden: row.hiddenAt != null || row.suspendedAt != null,
  });
}

/** Whether `viewer` may know comment `commentId` exists: it exists, its note is one they may know, and the comment one they may read. */
function mayKnowComment(viewer: SessionUser | null, commentId: number): boolean {
  const row = getDb()
    .select({ c: comments, noteAuthorId: notes.authorId })
    .from(comments)
    .innerJoin(notes, eq(notes.id, comments.noteId))
    .where(eq(comments.id, commentId))
    .get();
  if (!row || !mayKnowNote(viewer, row.c.noteId)) return false;
  if (row.c.deletedAt) return true; // its author's undo and the route's own answer
  return can(viewer, 'comment:read', {
    authorId: row.c.authorId,
    noteAuthorId: row.noteAuthorId,
    deleted: false,
    hidden: row.c.hiddenAt != null,
    pending: row.c.pendingAt != null,
  });
}

/** The 404 to answer when the path names a note or comment `viewer` may not know exists; null otherwise. */
export function unknowableTarget(pathname: string, viewer: SessionUser | null): DomainError | null {
  const note = NOTE_PATH.exec(pathname);
  if (note) return mayKnowNote(viewer, Number(note[1])) ? null : notFound('บันทึกนี้');
  const comment = COMMENT_PATH.exec(pathname);
  if (comment) return mayKnowComment(viewer, Number(comment[1])) ? null : notFound('ความเห็นนี้');
  return null;
}
