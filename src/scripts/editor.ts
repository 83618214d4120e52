/**
 * The note editor in the browser: the WYSIWYG editor over the form's Markdown field (with a
 * "Markdown" switch), chip input for tags, live preview rendered by the server's own sanitiser
 * (POST /api/preview), word/character counts (Thai words by Intl.Segmenter), and autosave:
 * to localStorage half a second after typing stops (a closed tab or lost connection loses nothing),
 * and every few seconds to the server as a draft note while the note is new or still a draft.
 */
import { countText } from '../lib/text-stats.ts';
import { forgetLocalDraft, readLocalDraft, writeLocalDraft, type LocalDraft } from './draft-store.ts';
import { mountRichEditor, type RichEditor } from './rich-editor.ts';
import { mountTagInput } from './tag-input.ts';
import './mention-suggest.ts';

export const AUTOSAVE_INTERVAL_MS = 5_000;
const LOCAL_SAVE_DELAY_MS = 500;
const PREVIEW_DELAY_MS = 400;

const timeOfDay = (ms: number) =>
  new Date(ms).toLocaleTimeString('th-TH', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Bangkok' });

export function setUpEditor(form: HTMLFormElement): RichEditor {
  const title = form.querySelector<HTMLInputElement>('#title')!;
  const body = form.querySelector<HTMLTextAreaElement>('#body')!;
  const tagInput = mountTagInput(form.querySelector<HTMLInputElement>('#tags')!);
  const tags = tagInput.field;
  const toolbar = form.querySelector<HTMLElement>('.editor-toolbar')!;
  const rich = mountRichEditor(
    body,
    toolbar,
    form.querySelector<HTMLElement>('#editor-notice')!,
    form.querySelector<HTMLButtonElement>('#markdown-toggle')!,
  );
  const stats = form.querySelector<HTMLElement>('#text-stats')!;
  const status = form.querySelector<HTMLElement>('#autosave-status')!;
  const preview = form.querySelector<HTMLElement>('#preview')!;
  const previewBody = form.querySelector<HTMLElement>('#preview-body')!;
  const previewToggle = form.querySelector<HTMLButtonElement>('#preview-toggle')!;

  let key = form.dataset.draftKey ?? 'new';
  let noteId = form.dataset.noteId ? Number(form.dataset.noteId) : undefined;
  let serverAutosave = form.dataset.noteStatus === 'new' || form.dataset.noteStatus === 'draft';
  let dirtyLocal = false;
  let dirtyServer = false;
  let saving = false;
  let localTimer: ReturnType<typeof setTimeout> | undefined;

  const snapshot = (unsynced = true): LocalDraft => ({
    title: title.value,
    body: body.value,
    tags: tags.value,
    savedAt: Date.now(),
    unsynced,
    ...(noteId ? { noteId } : {}),
  });

  function saveLocally(): void {
    clearTimeout(localTimer);
    if (!dirtyLocal) return;
    dirtyLocal = false;
    if (writeLocalDraft(key, snapshot()) && !saving) status.textContent = `เก็บไว้ในเครื่องนี้แล้ว ${timeOfDay(Date.now())} น.`;
  }

  async function saveToServer(): Promise<void> {
    saveLocally(); // the local copy is never older than what we try to send
    if (!serverAutosave || !dirtyServer || saving || !title.value.trim()) return;
    saving = true;
    dirtyServer = false;
    const draft = { title: title.value, body: body.value, tags: tags.value };
    // A new note opened from an event page carries the event; the first autosave links the draft to it.
    const eventId = (form.elements.namedItem('eventId') as HTMLInputElement | null)?.value;
    try {
      const response = await fetch(noteId ? `/api/drafts/${noteId}` : '/api/drafts', {
        method: noteId ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(noteId || !eventId ? draft : { ...draft, eventId }),
      });
      const result = (await response.json().catch(() => ({}))) as {
        id?: number;
        savedAt?: number;
        editUrl?: string;
        revision?: number;
        error?: string;
      };
      if (response.status === 201 && result.id && result.editUrl) {
        // The draft now lives on the server: the form edits it, and its local copy moves to its id.
        noteId = result.id;
        form.action = result.editUrl;
        history.replaceState(null, '', result.editUrl);
        forgetLocalDraft(key);
        key = String(noteId);
        writeLocalDraft(key, snapshot());
      }
      if (response.ok) {
        // The form's edit now starts from the draft just saved: an autosave is not a conflicting edit.
        const baseRevision = form.elements.namedItem('baseRevision');
        if (result.revision !== undefined && baseRevision instanceof HTMLInputElement) baseRevision.value = String(result.revision);
        // What the server now has is what is on screen, unless typing went on during the request.
        const current = { title: title.value, body: body.value, tags: tags.value };
        if (current.title === draft.title && current.body === draft.body && current.tags === draft.tags)
          writeLocalDraft(key, snapshot(false));
        status.textContent = `บันทึกร่างอัตโนมัติแล้ว ${timeOfDay(result.savedAt ?? Date.now())} น.`;
        return;
      }
      if (response.status === 409) serverAutosave = false;
      else dirtyServer = true;
      status.textContent = `${result.error ?? 'บันทึกร่างบนเซิร์ฟเวอร์ไม่สำเร็จ'} (งานของคุณเก็บไว้ในเครื่องนี้แล้ว)`;
    } catch {
      dirtyServer = true;
      status.textContent = 'ออฟไลน์อยู่ งานของคุณเก็บไว้ในเครื่องนี้แล้ว จะบันทึกขึ้นเซิร์ฟเวอร์เมื่อกลับมาออนไลน์';
    } finally {
      saving = false;
    }
  }

  let previewSeq = 0;
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  async function renderPreview(): Promise<void> {
    if (preview.hidden) return;
    const seq = ++previewSeq;
    if (!body.value.trim()) {
      previewBody.textContent = '';
      return;
    }
    try {
      const response = await fetch('/api/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: body.value }),
      });
      const result = (await response.json()) as { html?: string; error?: string };
      if (seq !== previewSeq) return; // a newer preview is on its way
      // NOTE: the HTML comes from the same sanitiser that renders saved notes; nothing is rendered here.
      if (result.html !== undefined) previewBody.innerHTML = result.html;
      else previewBody.textContent = result.error ?? 'แสดงตัวอย่างไม่ได้';
    } catch {
      if (seq === previewSeq) previewBody.textContent = 'แสดงตัวอย่างไม่ได้ขณะออฟไลน์ งานของคุณยังอยู่ครบ';
    }
  }

  function updateStats(): void {
    const { words, characters } = countText(body.value);
    stats.textContent = `${words.toLocaleString('th-TH')} คำ · ${characters.toLocaleString('th-TH')} ตัวอักษร`;
  }

  function onEdit(): void {
    dirtyLocal = true;
    dirtyServer = true;
    clearTimeout(localTimer);
    localTimer = setTimeout(saveLocally, LOCAL_SAVE_DELAY_MS);
    updateStats();
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void renderPreview(), PREVIEW_DELAY_MS);
  }

  function offerRestore(): void {
    const local = readLocalDraft(key);
    const serverUpdatedAt = Number(form.dataset.updatedAt ?? '0');
    if (!local || (!local.unsynced && local.savedAt <= serverUpdatedAt)) return;
    if (local.title === title.value && local.body === body.value && local.tags === tags.value) return;
    const banner = form.querySelector<HTMLElement>('#draft-restore')!;
    form.querySelector('#draft-restore-text')!.textContent =
      `พบงานที่ยังไม่ได้บันทึก "${local.title || 'ไม่มีชื่อ'}" จากเวลา ${timeOfDay(local.savedAt)} น. ต้องการกู้คืนหรือไม่`;
    banner.hidden = false;
    form.querySelector('#draft-restore-yes')!.addEventListener('click', () => {
      title.value = local.title;
      body.value = local.body;
      rich.setMarkdown(local.body);
      tagInput.setValue(local.tags);
      banner.hidden = true;
      onEdit();
    });
    form.querySelector('#draft-restore-no')!.addEventListener('click', () => {
      forgetLocalDraft(key);
      banner.hidden = true;
    });
  }

  toolbar.hidden = false;
  preview.hidden = false; // beside the editor on a wide screen, below it on a phone
  previewToggle.addEventListener('click', () => {
    preview.hidden = !preview.hidden;
    previewToggle.setAttribute('aria-pressed', String(!preview.hidden));
    void renderPreview();
  });
  for (const field of [title, body, tags]) field.addEventListener('input', onEdit);
  form.addEventListener('submit', (event) => {
    dirtyLocal = true;
    saveLocally(); // if the post fails (offline), the text is still here next time
    // The post saves it: a draft autosave arriving after the note is published is a needless 409.
    // Checked once every listener has run: the outbox may keep the post (and the page) instead.
    setTimeout(() => {
      if (!event.defaultPrevented) serverAutosave = false;
    });
  });
  window.addEventListener('pagehide', saveLocally);
  // Kept in the device outbox (src/scripts/outbox/note-submit.ts): it is sent from there, so the
  // editor must not save a second copy as a draft when the signal returns.
  form.addEventListener('banthuek:queued', () => {
    serverAutosave = false;
    dirtyLocal = false;
  });
  window.addEventListener('online', () => void saveToServer());
  setInterval(() => void saveToServer(), AUTOSAVE_INTERVAL_MS);

  updateStats();
  offerRestore();
  void renderPreview();
  return rich;
}
