/**
 * The signed-in fast path of a note page: the cached anonymous page (shared, checked against
 * render_version on every request) with its personal slots rendered fresh for this member by the
 * same functions the page uses (src/lib/server/note-page/). Who may get it is decided by
 * canUseSharedPage(), which the route asks too; everyone else gets the page rendered by Astro.
 * Never cached itself: the response is `private, no-store`, like every signed-in page.
 */
import { canUseSharedPage, isAarNote, loadComments, loadNoteHead } from '~/lib/server/note-page/load.ts';
import { commentsPieces, noteActionsHtml } from '~/lib/server/note-page/personal.ts';
import { accountNavFor } from '~/lib/server/web/account-nav.ts';
import type { CommentFragment } from '~/lib/server/caches.ts';
import { readerActionsHtml } from '~/lib/server/note-page/reader-actions.ts';
import { commentAppreciationFor, hasAppreciatedNote } from '~/lib/server/appreciation.ts';
import { isBookmarked } from '~/lib/server/bookmark.ts';
import { sessionSetCookieHeader, validateSessionToken } from '~/lib/server/session.ts';
import { ACCOUNT_HEADER, accountTag } from '~/lib/account-tag.ts';
import type { PiecewiseResponse } from './buffered-response.ts';
import type { SharedNotePage } from './page-cache.ts';

/**
 * The page of note `noteId` at `pathname` for the member holding session `token`, or null when it
 * must be rendered fresh by Astro (no valid session, a moderator, the note's author, a note that is
 * not plainly published, no shared page). `sharedPage` gives the cached anonymous page, rendering
 * and caching it when missing.
 */
export async function renderSignedInNote(
  token: string,
  noteId: number,
  pathname: string,
  sharedPage: () => Promise<SharedNotePage | undefined>,
): Promise<PiecewiseResponse | null> {
  const session = validateSessionToken(token);
  if (!session) return null; // Astro answers: it also deletes the stale cookie
  const { user } = session;
  let note;
  try {
    note = loadNoteHead(user, noteId);
  } catch {
    return null;
  }
  if (!canUseSharedPage(user, note, '')) return null;
  // Asked only now: the author, moderators and drafts never make the server render the anonymous page.
  const shared = await sharedPage();
  if (!shared) return null;
  const slots: (CommentFragment | string)[][] = [
    [accountNavFor(user, pathname).value],
    [readerActionsHtml(user, note, { given: hasAppreciatedNote(user.id, note.id), bookmarked: isBookmarked(user.id, note.id) }).value],
    [noteActionsHtml(user, note, '').value], // edit links are the author's, who never gets here
    commentsPieces(loadComments(user, note), {
      user,
      note,
      isAar: isAarNote(note),
      appreciation: commentAppreciationFor(note.id, user.id),
    }),
  ];
  const { parts } = shared;
  const body: Buffer[] = [parts[0]!];
  for (let i = 0; i < slots.length; i++) {
    // Cached comments keep their bytes: encoding ~100 KB of Thai HTML per view cost about as much as rendering it.
    for (const piece of slots[i]!) body.push(typeof piece === 'string' ? Buffer.from(piece) : piece.bytes);
    body.push(parts[i + 1]!);
  }
  const headers = {
    ...shared.headers,
    'cache-control': 'private, no-store',
    'set-cookie': [sessionSetCookieHeader(token)],
    [ACCOUNT_HEADER]: accountTag(user),
  };
  return { status: 200, headers, pieces: body };
}
