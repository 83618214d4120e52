/**
 * บันทึก with no signal: the note editor's form is never posted into a dead connection (which shows
 * the browser's own offline page and loses the editor). When the server cannot be reached, or the
 * body still links photos waiting on the device, the note goes into the device outbox instead and
 * is published once, when the signal returns. While a photo is still uploading, the note waits for it.
 */
import { localLinkIds } from '../../lib/outbox/items.ts';
import { forgetLocalDraft } from '../draft-store.ts';
import { createOrEditRequest, submitOrQueue, type Uploads } from './submit-or-queue.ts';

function field(form: HTMLFormElement, name: string): string {
  const element = form.elements.namedItem(name);
  if (element instanceof RadioNodeList) return element.value;
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement
    ? element.value
    : '';
}

/** Wires the note form; `account` is the signed-in account ("u<id>"). */
export function keepNotesOffline(form: HTMLFormElement, account: string, uploads: Uploads): void {
  const status = form.querySelector<HTMLElement>('#autosave-status')!;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const noteId = () => /^\/notes\/(\d+)\/edit$/.exec(new URL(form.action).pathname)?.[1];

  submitOrQueue(form, {
    uploads,
    onWaitForUploads: () => (status.textContent = 'รออัปโหลดรูปให้เสร็จก่อน บันทึกจะส่งเองเมื่ออัปโหลดเสร็จ'),
    holdsFilesOnDevice: () => localLinkIds(field(form, 'body')).length > 0,
    queue: () => queueNote(field(form, 'body')),
  });

  async function queueNote(body: string): Promise<boolean> {
    const { queueRequest, requestSend } = await import('./queue.ts');
    const id = noteId();
    const eventId = Number(field(form, 'eventId')) || undefined;
    const json = {
      title: field(form, 'title'),
      body,
      tags: field(form, 'tags'),
      licence: field(form, 'licence'),
      status: field(form, 'status') || 'published',
      ...(id || !eventId ? {} : { eventId }),
    };
    await queueRequest(
      account,
      id ? 'note-edit' : 'note',
      json.title || 'บันทึกไม่มีชื่อ',
      createOrEditRequest(
        json,
        { url: '/api/notes' },
        id ? { id, method: 'PATCH', url: `/api/notes/${id}`, baseRevision: field(form, 'baseRevision') } : undefined,
      ),
    );
    form.dispatchEvent(new Event('banthuek:queued'));
    forgetLocalDraft(form.dataset.draftKey ?? 'new');
    if (id) forgetLocalDraft(id);
    showQueued();
    void requestSend(account).catch(() => undefined);
    return true;
  }

  function showQueued(): void {
    const notice = document.createElement('div');
    notice.className = 'notice';
    notice.id = 'outbox-queued';
    notice.setAttribute('role', 'status');
    notice.innerHTML =
      'ยังไม่มีสัญญาณ บันทึกนี้เก็บไว้ในเครื่องแล้ว และจะเผยแพร่เองครั้งเดียวเมื่อกลับมาออนไลน์ ' +
      '<a href="/outbox">ดูรายการรอส่ง</a> · <a href="/notes/new">เขียนบันทึกใหม่</a>';
    form.prepend(notice);
    status.textContent = 'เก็บไว้ในเครื่องแล้ว รอส่ง';
    button.disabled = true;
    notice.scrollIntoView({ block: 'nearest' });
  }
}
