/**
 * บันทึก AAR with no signal: as the note editor (note-submit.ts), the AAR form is never posted into a
 * dead connection. When the server cannot be reached, or a gallery photo still waits on the device,
 * the AAR is checked here with the server's own rules (so it is not queued only to be refused),
 * turned into the JSON of `POST /api/aar` (new) or `PUT /api/aar/<id>` (edit: If-Match on the revision
 * the form was opened on, and X-Keep-Conflict so a newer text on the web keeps both), and put in the
 * device outbox, sent once with its Idempotency-Key when the signal returns.
 */
import { aarFormSchema, aarFormToInput } from '../../lib/aar-validation.ts';
import { LOCAL_LINK_SCHEME, localUploadRefs } from '../../lib/outbox/items.ts';
import { formValues } from '../aar-autosave.ts';
import { forgetLocalDraft } from '../draft-store.ts';
import { createOrEditRequest, submitOrQueue, type Uploads } from './submit-or-queue.ts';

/**
 * The AAR's API body from the form's values, or the Thai reasons it would be refused. Gallery
 * photos are left to the server's check: a photo still on the device has no /uploads/ URL yet.
 */
function aarRequestJson(values: Record<string, string>): { json: Record<string, unknown> } | { errors: string[] } {
  const withoutPhotos = Object.fromEntries(Object.entries(values).filter(([name]) => !name.startsWith('photos.')));
  const parsed = aarFormSchema.safeParse(aarFormToInput(withoutPhotos));
  if (!parsed.success) return { errors: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  const photos = (aarFormToInput(values).photos as { src?: string; alt?: string }[])
    .filter((row) => row.src)
    .map((row) => ({ src: row.src!, alt: row.alt ?? '' }));
  return { json: { ...parsed.data, photos } };
}

/** Wires the AAR form (new or edit); `account` is the signed-in account ("u<id>"). */
export function keepAarsOffline(form: HTMLFormElement, account: string, uploads?: Uploads): void {
  const status = form.querySelector<HTMLElement>('#aar-autosave-status');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const noteId = () => /^\/aar\/(\d+)\/edit$/.exec(new URL(form.action).pathname)?.[1];

  submitOrQueue(form, {
    uploads,
    onWaitForUploads: () => {
      if (status) status.textContent = 'รออัปโหลดภาพให้เสร็จก่อน AAR จะบันทึกเองเมื่ออัปโหลดเสร็จ';
    },
    holdsFilesOnDevice: () => Object.values(formValues(form)).some((value) => value.startsWith(LOCAL_LINK_SCHEME)),
    queue: () => queueAar(formValues(form)),
  });

  async function queueAar(values: Record<string, string>): Promise<boolean> {
    form.querySelector('#aar-offline-errors')?.remove();
    const built = aarRequestJson(values);
    if ('errors' in built) {
      showErrors(built.errors);
      return false;
    }
    const { queueRequest, requestSend } = await import('./queue.ts');
    const id = noteId();
    const { json } = built;
    await queueRequest(
      account,
      id ? 'aar-edit' : 'aar',
      values.eventTitle || 'AAR ไม่มีชื่อ',
      createOrEditRequest(
        json,
        { url: '/api/aar' },
        id ? { id, method: 'PUT', url: `/api/aar/${id}`, baseRevision: values.baseRevision ?? '' } : undefined,
      ),
    );
    forgetLocalDraft(form.dataset.draftKey ?? 'aar-new');
    form.dispatchEvent(new Event('banthuek:queued'));
    showQueued(localUploadRefs(json).length);
    void requestSend(account).catch(() => undefined);
    return true;
  }

  /** What the server would refuse, said before anything is queued (the form stays as typed). */
  function showErrors(errors: string[]): void {
    const box = document.createElement('div');
    box.className = 'alert';
    box.id = 'aar-offline-errors';
    box.setAttribute('role', 'alert');
    const intro = document.createElement('p');
    intro.textContent = `ยังไม่มีสัญญาณ และ AAR นี้ยังมี ${errors.length} จุดที่ต้องแก้ก่อนเก็บไว้ส่ง แก้แล้วกดบันทึกอีกครั้ง:`;
    const list = document.createElement('ul');
    list.append(...errors.map((message) => Object.assign(document.createElement('li'), { textContent: message })));
    box.append(intro, list);
    form.prepend(box);
    box.scrollIntoView({ block: 'nearest' });
  }

  function showQueued(photos: number): void {
    const notice = document.createElement('div');
    notice.className = 'notice';
    notice.id = 'outbox-queued';
    notice.setAttribute('role', 'status');
    notice.innerHTML =
      'ยังไม่มีสัญญาณ AAR นี้เก็บไว้ในเครื่องแล้ว' +
      (photos > 0 ? ` พร้อมภาพ ${photos} ภาพ` : '') +
      ' และจะบันทึกเองครั้งเดียวเมื่อกลับมาออนไลน์ <a href="/outbox">ดูรายการรอส่ง</a>';
    form.prepend(notice);
    if (status) status.textContent = 'เก็บไว้ในเครื่องแล้ว รอส่ง';
    button.disabled = true;
    notice.scrollIntoView({ block: 'nearest' });
  }
}
