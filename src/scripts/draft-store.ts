/**
 * The editor's local copy of unsaved work, in localStorage, so a closed tab or a lost connection
 * loses nothing even before the server has the draft. Keys: banthuek:draft:<note id | "new">.
 */
export interface LocalDraft {
  title: string;
  body: string;
  tags: string;
  /** Server note id once the draft exists there. */
  noteId?: number;
  savedAt: number;
  /**
   * True while this copy holds edits the server has not confirmed. Timestamps alone cannot tell: a
   * save sent just before the connection dropped can reach the server after newer local edits.
   */
  unsynced?: boolean;
  /**
   * The server's `savedAt` of the copy this one was written on top of (AAR drafts): a local copy
   * older than the server's is never offered over it. Server times only; device clocks differ.
   */
  serverSavedAt?: number;
}

const PREFIX = 'banthuek:draft:';

export function readLocalDraft(key: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const draft = JSON.parse(raw) as LocalDraft;
    return typeof draft.body === 'string' && typeof draft.savedAt === 'number' ? draft : null;
  } catch {
    return null;
  }
}

/** Returns false when the browser refuses (private mode, quota). */
export function writeLocalDraft(key: string, draft: LocalDraft): boolean {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function forgetLocalDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // storage unavailable: nothing to forget
  }
}
