/**
 * A tiny in-process event bus: note/comment writes announce what changed, and whoever keeps
 * derived data (search index, page cache, notifications) listens. Writers stay unaware of them.
 */
export type ContentChange =
  | { type: 'note'; noteId: number; action: 'created' | 'updated' | 'deleted' | 'hidden' | 'restored' }
  | { type: 'comment'; noteId: number; commentId: number; action: 'created' | 'updated' | 'deleted' | 'hidden' | 'restored' }
  | { type: 'user'; userId: number; action: 'updated' | 'suspended' | 'restored' }
  /** A knowledge asset was created or got a new revision (issue 26: its search record changes). */
  | { type: 'asset'; assetId: number; action: 'created' | 'updated' };

type Listener = (change: ContentChange) => void;
const listeners = new Set<Listener>();

/** Subscribes; returns the unsubscribe function. */
export function onContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Announces a committed change. A failing listener is logged and never fails the write. */
export function emitContentChange(change: ContentChange): void {
  for (const listener of listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'content change listener failed', change, error: String(error) }));
    }
  }
}
