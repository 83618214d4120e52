/**
 * The AAR form's event gallery: photos come from the shared uploader (picker, camera, drop) and
 * each becomes a gallery row with its picture, a hidden `photos.N.src`, an editable alt text and a
 * remove button. Rows are renumbered before the form is sent, so indexes never have gaps.
 * A photo picked with no signal is kept in the device outbox: its row's `src` is its local link
 * (`local-upload:<uuid>`) until the queued AAR is sent, after the photo (outbox/aar-submit.ts).
 */
import { attachUploader, type Uploader, type UploadResult } from './uploader.ts';

function renumber(gallery: HTMLElement): void {
  gallery.querySelectorAll('li').forEach((row, i) => {
    for (const input of row.querySelectorAll('input')) input.name = input.name.replace(/^photos\.\d+\./, `photos.${i}.`);
  });
}

function wireRemove(row: HTMLElement, gallery: HTMLElement): void {
  const remove = row.querySelector<HTMLButtonElement>('.aar-photo-remove');
  if (!remove) return;
  remove.hidden = false;
  remove.addEventListener('click', () => {
    row.remove();
    renumber(gallery);
  });
}

function galleryRow(upload: UploadResult, alt: string): HTMLLIElement {
  const row = document.createElement('li');
  row.className = 'aar-photo';
  const img = document.createElement('img');
  const onDevice = upload.url.startsWith('local-upload:');
  if (onDevice) {
    img.hidden = true; // no URL yet: the bytes wait in the outbox
    row.dataset.onDevice = 'true';
  } else img.src = upload.url;
  img.alt = alt;
  if (upload.width && upload.height) {
    img.width = upload.width;
    img.height = upload.height;
  }
  img.decoding = 'async';
  const src = document.createElement('input');
  src.type = 'hidden';
  src.name = 'photos.0.src';
  src.value = upload.url;
  const label = document.createElement('label');
  const altInput = document.createElement('input');
  altInput.type = 'text';
  altInput.name = 'photos.0.alt';
  altInput.maxLength = 300;
  altInput.value = alt;
  label.append('คำอธิบายภาพ ', altInput);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'aar-photo-remove';
  remove.textContent = 'นำภาพออก';
  row.append(img, src, label, remove);
  if (onDevice)
    row.prepend(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'ภาพนี้เก็บไว้ในเครื่อง จะส่งพร้อม AAR' }));
  return row;
}

/** The alt text inside `![alt](url)` as the server wrote it (escapes undone). */
function altOf(markdown: string): string {
  const match = /^!\[((?:\\.|[^\]])*)\]/.exec(markdown);
  return match ? match[1]!.replace(/\\(.)/g, '$1') : '';
}

/** The page's signed-in account ("u<id>"), whose outbox keeps photos picked offline. */
const pageAccount = () => document.querySelector<HTMLElement>('[data-account]')?.dataset.account ?? null;

export function setUpAarGallery(form: HTMLFormElement): Uploader | undefined {
  const gallery = form.querySelector<HTMLElement>('#aar-gallery');
  const drop = form.querySelector<HTMLElement>('#aar-photo-drop');
  if (!gallery || !drop) return undefined;
  drop.hidden = false;
  for (const row of gallery.querySelectorAll<HTMLElement>('li')) wireRemove(row, gallery);
  const add = (upload: UploadResult, alt: string) => {
    const row = galleryRow(upload, alt);
    gallery.append(row);
    wireRemove(row, gallery);
    renumber(gallery);
  };
  return attachUploader({
    button: form.querySelector<HTMLElement>('#aar-photo-button')!,
    cameraButton: form.querySelector<HTMLElement>('#aar-camera-button')!,
    dropZone: drop,
    list: form.querySelector<HTMLElement>('#aar-photo-list')!,
    imagesOnly: true,
    offlineAccount: pageAccount,
    insert: (markdown, upload) => add(upload, altOf(markdown)),
    insertQueued(markdown) {
      const url = /\]\((local-upload:[0-9a-f-]{36})\)$/.exec(markdown)?.[1];
      if (url) add({ id: url, url, kind: 'image', name: '', bytes: 0, markdown }, altOf(markdown));
    },
  });
}
