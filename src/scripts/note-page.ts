/**
 * Note page: reports one view per tab session (no cookie, nothing stored on the server about the
 * reader), after a successful save forgets the editor's local copy of this note, and plays video
 * cards only when clicked.
 */
import { forgetLocalDraft } from './draft-store.ts';
import { setUpVideoCards } from './video-card.ts';

setUpVideoCards();
import './mention-suggest.ts';

const article = document.querySelector<HTMLElement>('article[data-note-id]');
const noteId = article?.dataset.noteId;
if (article && noteId) {
  if (new URLSearchParams(location.search).has('saved')) {
    forgetLocalDraft(noteId);
    forgetLocalDraft('new');
    forgetLocalDraft(`aar-${noteId}`);
    forgetLocalDraft('aar-new');
  }
  const viewUrl = article.dataset.viewUrl;
  const seenKey = `banthuek:viewed:${noteId}`;
  if (viewUrl && !alreadyCounted(seenKey)) {
    void fetch(viewUrl, { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  }
}

/** True when this tab already reported the note; marks it reported otherwise. */
function alreadyCounted(key: string): boolean {
  try {
    if (sessionStorage.getItem(key)) return true;
    sessionStorage.setItem(key, '1');
  } catch {
    // no sessionStorage: count every load
  }
  return false;
}
