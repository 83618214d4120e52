/**
 * What the note page shows, and the one rule for who may get the shared (cached) page. The Astro
 * route (src/pages/notes/[id]/[...slug].astro) and the signed-in fast path both ask here.
 */
import { getAar } from '../aar.ts';
import { listCommentThreads } from '../comment.ts';
import { getNoteForViewer, getNoteHeadForViewer, type NoteDetail, type NoteHead } from '../note.ts';
import { can } from '../permissions.ts';
import { listRelatedNotes } from '../reading.ts';
import type { SessionUser } from '../user.ts';
import { notePath } from '../../paths.ts';
import { commentAppreciationFor, countNoteAppreciation, hasAppreciatedNote } from '../appreciation.ts';
import { isBookmarked } from '../bookmark.ts';
import { getSeriesPlacement } from '../series.ts';

/** The one AAR test of the note page: the note's kind. */
export function isAarNote(note: Pick<NoteDetail, 'kind'>): boolean {
  return note.kind === 'aar';
}

/**
 * True when this viewer's page is exactly the shared anonymous page with the personal slots filled
 * in for them: a published, visible note read without a query string (flash messages come as
 * queries) by nobody in particular, or by a plain member who is not its author. Moderators see
 * hidden and pending comments and moderation buttons, authors get owner controls and community
 * filing: their pages are rendered whole.
 */
export function canUseSharedPage(
  viewer: SessionUser | null,
  note: { status: string; hidden: boolean; author: { id: number } },
  search: string,
): boolean {
  if (search !== '' || note.status !== 'published' || note.hidden) return false;
  if (!viewer) return true;
  return !viewer.suspended && !can(viewer, 'moderate') && note.author.id !== viewer.id;
}

/** The note as `viewer` may see it (throws DomainError 404/403/410 like getNoteForViewer). */
export function loadNote(viewer: SessionUser | null, noteId: number): NoteDetail {
  return getNoteForViewer(viewer, noteId);
}

/** The note's few columns the personal parts use (the signed-in fast path): same rule as loadNote. */
export function loadNoteHead(viewer: SessionUser | null, noteId: number): NoteHead {
  return getNoteHeadForViewer(viewer, noteId);
}

/** The comment threads `viewer` may see (pending and hidden ones only for those allowed). */
export function loadComments(viewer: SessionUser | null, note: { id: number; author: { id: number } }) {
  return listCommentThreads(note.id, viewer, note.author.id);
}

/** The shared parts the route renders with components: the AAR fields, related notes, edit link. */
export function loadSharedParts(note: NoteDetail) {
  const aar = isAarNote(note) ? getAar(note.id) : undefined;
  return {
    aar,
    related: note.status === 'published' ? listRelatedNotes(note.id) : [],
    editPath: isAarNote(note) ? `/aar/${note.id}/edit` : `${notePath(note.id)}/edit`,
  };
}

/**
 * The reader's part of the page: the note's appreciation count (shared: cached with the page), this
 * viewer's own given/saved state and the comments' counts with what this viewer gave (personal).
 */
export function loadReaderParts(viewer: SessionUser | null, note: Pick<NoteDetail, 'id' | 'status' | 'hidden'>) {
  const isPublic = note.status === 'published' && !note.hidden;
  return {
    isPublic,
    appreciationCount: isPublic ? countNoteAppreciation(note.id) : 0,
    readerState: { given: isPublic && hasAppreciatedNote(viewer?.id, note.id), bookmarked: isPublic && isBookmarked(viewer?.id, note.id) },
    commentAppreciation: commentAppreciationFor(note.id, viewer?.id),
    seriesPlacement: isPublic ? getSeriesPlacement(note.id) : null,
  };
}
