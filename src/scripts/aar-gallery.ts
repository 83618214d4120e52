/**
 * The AAR form's event gallery: photos come from the shared uploader (picker, camera, drop) and
 * each becomes a gallery row with its picture, a hidden `photos.N.src`, an editable alt text and a
 * remove button. Rows are renumbered before the form is sent, so indexes never have gaps.
 */
import { attachUploader, type UploadResult } from './uploader.ts';

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
  img.src = upload.url;
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
  return row;
}

/** The alt text inside `![alt](url)` as the server wrote it (escapes undone). */
function altOf(markdown: string): string {
  const match = /^!\[((?:\\.|[^\]])*)\]/.exec(markdown);
  return match ? match[1]!.replace(/\\(.)/g, '$1') : '';
}

export function setUpAarGallery(form: HTMLFormElement): void {
  const gallery = form.querySelector<HTMLElement>('#aar-gallery');
  const drop = form.querySelector<HTMLElement>('#aar-photo-drop');
  if (!gallery || !drop) return;
  drop.hidden = false;
  for (const row of gallery.querySelectorAll<HTMLElement>('li')) wireRemove(row, gallery);
  attachUploader({
    button: form.querySelector<HTMLElement>('#aar-photo-button')!,
    cameraButton: form.querySelector<HTMLElement>('#aar-camera-button')!,
    dropZone: drop,
    list: form.querySelector<HTMLElement>('#aar-photo-list')!,
    imagesOnly: true,
    insert(markdown, upload) {
      const row = galleryRow(upload, altOf(markdown));
      gallery.append(row);
      wireRemove(row, gallery);
      renumber(gallery);
    },
  });
}
