/**
 * The signed-in fast path of a note page: the cached anonymous page (shared, checked against
 * render_version on every request) with its personal slots rendered fresh for this member by the
 * same functions the page uses (src/lib/server/note-page/). Who may get it is decided by
 * canUseSharedPage(), which the route asks too; everyone else gets the page rendered by Astro.
 * Never cached itself: the response is `private, no-store`, like every signed-in page.
 */
import type { IncomingMessage } from 'node:http';
import { canUseSharedPage, isAarNote, loadComments, loadNote } from '~/lib/server/note-page/load.ts';
import { accountNavHtml, commentsPieces, noteActionsHtml } from '~/lib/server/note-page/personal.ts';
import type { CommentFragment } from '~/lib/server/caches.ts';
import { readerActionsHtml } from '~/lib/server/note-page/reader-actions.ts';
import { commentAppreciationFor, hasAppreciatedNote } from '~/lib/server/appreciation.ts';
import { isBookmarked } from '~/lib/server/bookmark.ts';
import { countUnread } from '~/lib/server/notification.ts';
import { SESSION_COOKIE_NAME, SESSION_IDLE_MS, validateSessionToken } from '~/lib/server/session.ts';
import { isSecureSite } from '~/lib/server/site.ts';
import { readCookie } from '~/lib/server/web/request-headers.ts';
import { countModerationQueue } from '~/lib/server/moderation.ts';
import { can } from '~/lib/server/permissions.ts';
import { ACCOUNT_HEADER, accountTag } from '~/lib/account-tag.ts';
import type { BufferedResponse } from './buffered-response.ts';
import type { SharedNotePage } from './page-cache.ts';

const NOTE_ID = /^\/notes\/(\d{1,15})/;

/** The session token from the Cookie header, or undefined (absent or malformed). */
export function sessionToken(req: IncomingMessage): string | undefined {
  return readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
}

/** The cookie Astro's middleware sets on every signed-in response (the expiry slides with the session). */
function sessionCookie(token: string): string {
  return `${SESSION_COOKIE_NAME}=${encodeURIComponent(token)}; Max-Age=${Math.floor(SESSION_IDLE_MS / 1000)}; Path=/; HttpOnly${isSecureSite() ? '; Secure' : ''}; SameSite=Lax`;
}

/**
 * The page for this signed-in request, or null when it must be rendered fresh by Astro (no valid
 * session, a moderator, the note's author, a note that is not plainly published, no shared page).
 * `sharedPage` gives the cached anonymous page, rendering and caching it when missing.
 */
export async function renderSignedInNote(
  req: IncomingMessage,
  pathname: string,
  sharedPage: () => Promise<SharedNotePage | undefined>,
): Promise<BufferedResponse | null> {
  const token = sessionToken(req);
  if (!token) return null;
  const session = validateSessionToken(token);
  if (!session) return null; // Astro answers: it also deletes the stale cookie
  const { user } = session;
  let note;
  try {
    note = loadNote(user, Number(NOTE_ID.exec(pathname)![1]));
  } catch {
    return null;
  }
  if (!canUseSharedPage(user, note, '')) return null;
  // Asked only now: the author, moderators and drafts never make the server render the anonymous page.
  const shared = await sharedPage();
  if (!shared) return null;
  const slots: (CommentFragment | string)[][] = [
    [accountNavHtml(user, countUnread(user.id), pathname, can(user, 'moderate') ? countModerationQueue() : 0).value],
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
    'set-cookie': [sessionCookie(token)],
    [ACCOUNT_HEADER]: accountTag(user),
  };
  return { status: 200, headers, body: Buffer.concat(body), variants: {} };
}
