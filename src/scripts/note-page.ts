/**
 * Note page: reports one view per tab session (no cookie, nothing stored on the server about the
 * reader), after a successful save forgets the editor's local copy of this note, and plays video
 * cards only when clicked.
 */
import { forgetLocalDraft } from './draft-store.ts';

// Loaded only where the page has them, so an anonymous reader's cold page stays light (≤ 45 KB).
if (document.querySelector('.video-card')) void import('./video-card.ts').then((m) => m.setUpVideoCards());
if (document.querySelector('textarea[data-mention-suggest]')) void import('./mention-suggest.ts');

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
  void toggle(form, kind, `/api${action}`);
});

const LABELS = {
  appreciation: { on: 'ให้กำลังใจแล้ว', off: 'ให้กำลังใจ', field: 'give' },
  bookmark: { on: 'เก็บไว้แล้ว', off: 'เก็บไว้อ่าน', field: 'save' },
} as const;

async function toggle(form: HTMLFormElement, kind: keyof typeof LABELS, api: string): Promise<void> {
  const labels = LABELS[kind];
  // The field is a hidden input (the note's buttons) or the button itself (comments: shorter HTML).
  const button = form.querySelector<HTMLButtonElement>('button');
  const field = form.querySelector<HTMLInputElement>(`input[name="${labels.field}"]`) ?? button;
  if (!field || !button || button.disabled) return;
  const turnOn = field.value !== '0';
  button.disabled = true;
  try {
    const response = await fetch(api, { method: turnOn ? 'POST' : 'DELETE', credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (response.status === 401) {
      location.href = `/login?next=${encodeURIComponent(location.pathname + (form.closest('[id]')?.id ? `#${form.closest('[id]')!.id}` : ''))}`;
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      showError(form, typeof data.error === 'string' ? data.error : 'ทำรายการไม่สำเร็จ กรุณาลองใหม่อีกครั้ง');
      return;
    }
    field.value = turnOn ? '0' : '1';
    button.textContent = turnOn ? labels.on : labels.off;
    button.setAttribute('aria-pressed', String(turnOn));
    button.classList.toggle('given', kind === 'appreciation' && turnOn);
    if (kind === 'appreciation' && !button.classList.contains('link-button')) button.classList.toggle('primary', !turnOn);
    if (kind === 'appreciation' && typeof data.count === 'number') {
      // The note's count sits outside its form (it is part of the shared page); a comment's inside.
      const count = form.querySelector<HTMLElement>('[data-appreciation-count]') ?? (form.closest('#appreciation')?.querySelector<HTMLElement>('[data-appreciation-count]') ?? null);
      if (count) count.textContent = data.count.toLocaleString('th-TH');
    }
  } catch {
    showError(form, 'เชื่อมต่อไม่ได้ กรุณาตรวจสอบอินเทอร์เน็ตแล้วลองใหม่');
  } finally {
    button.disabled = false;
  }
}

function showError(form: HTMLFormElement, message: string): void {
  let box = form.querySelector<HTMLElement>('.field-error');
  if (!box) {
    box = document.createElement('span');
    box.className = 'field-error';
    box.setAttribute('role', 'alert');
    form.append(box);
  }
  box.textContent = ` ${message}`;
}
