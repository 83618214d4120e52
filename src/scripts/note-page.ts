/**
 * Note page: reports one view per tab session (no cookie, nothing stored on the server about the
 * reader), after a successful save forgets the editor's local copy of this note, and plays video
 * cards only when clicked.
 */
// Loaded only where the page has them, so an anonymous reader's cold page stays light (≤ 45 KB).
if (document.querySelector('.video-card')) void import('./video-card.ts').then((m) => m.setUpVideoCards());
if (document.querySelector('textarea[data-mention-suggest]')) void import('./mention-suggest.ts');

// Signed in: a comment sent with no signal goes into the device outbox (module loaded only then).
if (document.querySelector('[data-account]')) void import('./outbox/comment-offline.ts');

const article = document.querySelector<HTMLElement>('article[data-note-id]');
const noteId = article?.dataset.noteId;
if (article && noteId) {
  if (new URLSearchParams(location.search).has('saved')) {
    // Only right after a save: a reader's page does not load the draft store at all.
    void import('./draft-store.ts').then(({ forgetLocalDraft }) => {
      for (const key of [noteId, 'new', `aar-${noteId}`, 'aar-new']) forgetLocalDraft(key);
    });
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

/**
 * Appreciation and bookmark buttons: the forms work without JavaScript (a post and a redirect back);
 * with it, one call to the JSON API updates the count and the button in place.
 */
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const kind = form.classList.contains('appreciation') ? 'appreciation' : form.classList.contains('bookmark') ? 'bookmark' : null;
  const action = form.getAttribute('action') ?? '';
  // "/notes/1/appreciation" → "/api/notes/1/appreciation", "/comments/5/appreciation" → "/api/comments/5/appreciation".
  if (!kind || !/^\/(notes|comments)\/\d+\/(appreciation|bookmark)$/.test(action)) return;
  event.preventDefault();
  // The toggling code loads on the first click: most readers never press these buttons.
  void import('./reader-actions.ts').then((m) => m.toggle(form, kind, `/api${action}`));
});
