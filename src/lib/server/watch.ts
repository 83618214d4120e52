/**
 * Watching a note's comments ("ติดตามความเห็น"): a watcher is told about every new comment (mail
 * kind `watch`, a daily digest by default). Commenting watches a note; the button watches or mutes
 * any note. A mute also silences "a comment on my note" for the note's author; replies to you and
 * mentions of you still come through.
 */
import { and, eq, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { noteWatches } from '~db/schema.ts';
import { needLogin } from './errors.ts';
import type { SessionUser } from './user.ts';
import { enforceReactionLimit } from './rate-limit.ts';

export type WatchState = 'watching' | 'muted' | 'none';

/** Members watching the note (not muted). */
export function watchersOf(noteId: number): number[] {
  return getDb()
    .select({ userId: noteWatches.userId })
    .from(noteWatches)
    .where(and(eq(noteWatches.noteId, noteId), eq(noteWatches.muted, false)))
    .all()
    .map((r) => r.userId);
}

/** Members who muted the note. */
export function mutersOf(noteId: number): Set<number> {
  return new Set(
    getDb()
      .select({ userId: noteWatches.userId })
      .from(noteWatches)
      .where(and(eq(noteWatches.noteId, noteId), eq(noteWatches.muted, true)))
      .all()
      .map((r) => r.userId),
  );
}

/** Commenting watches the thread, unless the member muted it before. */
export function watchNoteOnComment(userId: number, noteId: number): void {
  getDb().insert(noteWatches).values({ userId, noteId }).onConflictDoNothing().run();
}

// Asked on every signed-in view of a note: prepared once (building the query cost more than running it).
const watchRow = preparedQuery((db) =>
  db
    .select({ muted: noteWatches.muted })
    .from(noteWatches)
    .where(and(eq(noteWatches.userId, sql.placeholder('userId')), eq(noteWatches.noteId, sql.placeholder('noteId'))))
    .prepare(),
);

export function getWatchState(userId: number, noteId: number): WatchState {
  const row = watchRow().get({ userId, noteId });
  return !row ? 'none' : row.muted ? 'muted' : 'watching';
}

/**
 * The button: watch or mute a note. Takes the note as `getNoteForViewer` returned it, so only a
 * note the member may read can be watched (404 otherwise) without this module importing note.ts.
 */
export function setWatchState(user: SessionUser | null, note: { id: number }, state: 'watching' | 'muted'): WatchState {
  if (!user) throw needLogin();
  const noteId = note.id;
  enforceReactionLimit(user.id);
  const muted = state === 'muted';
  getDb()
    .insert(noteWatches)
    .values({ userId: user.id, noteId, muted })
    .onConflictDoUpdate({ target: [noteWatches.userId, noteWatches.noteId], set: { muted } })
    .run();
  return state;
}
