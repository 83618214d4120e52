/**
 * Hide/restore/suspend/approve announce themselves on the content-change bus, so the search index
 * and caches (listening elsewhere) drop or bring back the content.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { onContentChange, type ContentChange } from '~/lib/server/content-events.ts';
import { approveComment, createComment, setCommentHidden } from '~/lib/server/comment.ts';
import { setNoteHidden, setUserSuspended } from '~/lib/server/moderation.ts';
import { createNote } from '~/lib/server/note.ts';
import { createUser, toSessionUser } from '~/lib/server/user.ts';
import { createSession, validateSessionToken } from '~/lib/server/session.ts';
import type { Role } from '~db/schema.ts';
import type { NoteInput } from '~/lib/validation.ts';
import { DEFAULT_LICENCE } from '~/lib/licences.ts';

let cleanup: () => void;
let events: ContentChange[];
let unsubscribe: () => void;
beforeEach(() => {
  cleanup = useFreshDatabase();
  events = [];
  unsubscribe = onContentChange((change) => events.push(change));
});
afterEach(() => {
  unsubscribe();
  cleanup();
  delete process.env.NEW_ACCOUNT_COMMENT_APPROVALS;
});

let n = 0;
async function account(role: Role = 'member') {
  n += 1;
  return toSessionUser(
    await createUser(
      { username: `u${n}`, password: 'long enough pw', displayName: `คน ${n}`, email: null, organisation: null, province: null },
      role,
    ),
  );
}
const note = (title = 'บันทึก'): NoteInput => ({ title, body: 'เนื้อหา', tags: [], licence: DEFAULT_LICENCE, status: 'published' });

describe('moderation announces changes', () => {
  it('hiding and restoring a note and a comment', async () => {
    const author = await account();
    const mod = await account('moderator');
    const { id } = createNote(author, note(), 'note', '192.0.2.1');
    const { id: commentId } = createComment(author, id, { body: 'ความเห็น', parentId: null }, '127.0.0.1');
    events = [];
    setNoteHidden(mod, id, true);
    setNoteHidden(mod, id, false);
    setCommentHidden(mod, commentId, true);
    setCommentHidden(mod, commentId, false);
    expect(events).toEqual([
      { type: 'note', noteId: id, action: 'hidden' },
      { type: 'note', noteId: id, action: 'restored' },
      { type: 'comment', noteId: id, commentId, action: 'hidden' },
      { type: 'comment', noteId: id, commentId, action: 'restored' },
    ]);
  });

  it('a pending comment is announced only when approved', async () => {
    process.env.NEW_ACCOUNT_COMMENT_APPROVALS = '1';
    const author = await account('organiser');
    const newcomer = await account();
    const mod = await account('moderator');
    const { id } = createNote(author, note(), 'note', '192.0.2.1');
    events = [];
    const { id: commentId, pending } = createComment(newcomer, id, { body: 'แรก', parentId: null }, '127.0.0.1');
    expect(pending).toBe(true);
    expect(events).toEqual([]);
    approveComment(mod, commentId);
    expect(events).toEqual([{ type: 'comment', noteId: id, commentId, action: 'created' }]);
  });

  it('suspending ends sessions at once and is announced', async () => {
    const member = await account();
    const mod = await account('moderator');
    const { token } = createSession(member.id);
    expect(validateSessionToken(token)).not.toBeNull();
    setUserSuspended(mod, member.id, true);
    expect(validateSessionToken(token)).toBeNull();
    expect(events).toContainEqual({ type: 'user', userId: member.id, action: 'suspended' });
  });
});
