/**
 * Uploading photos and documents from the browser, for any editor. Usage:
 *
 *   attachUploader({
 *     button,       // optional: clicking it opens the file picker (several files at once)
 *     cameraButton, // optional: opens the phone's camera/photo picker (accept="image/*")
 *     dropZone,     // optional: files dropped here are uploaded
 *     pasteTarget,  // optional: images pasted here (clipboard) are uploaded
 *     list,         // where the per-file progress rows go (optional with `button`: made after it)
 *     imagesOnly,   // optional: refuse documents (a photo gallery)
 *     altText,      // optional: where a photo's alt text comes from (a form field); otherwise it is empty
 *     insert(markdown, upload) { … },  // called once per finished upload, in the order chosen
 *   });
 *
 * Each file gets a row with a progress bar and, if it fails, a Thai sentence saying what to do and a
 * retry button: a failed upload is never dropped silently. Photos are shrunk on the device first
 * (long side ≤ 2048 px). With `offlineAccount`, a file picked with no connection (or whose upload
 * loses it) goes into the device outbox instead and the body gets its local link.
 * Nobody is asked for alt text while uploading: the editors show a field on each photo for it.
 * `insert` receives the `markdown` of POST /api/uploads (`![alt](url)` or `[name](url)`) and the
 * whole answer.
 */

/** The answer of POST /api/uploads. */
export interface UploadResult {
  id: string;
  url: string;
  kind: 'image' | 'file';
  name: string;
  bytes: number;
  width?: number;
  height?: number;
  markdown: string;
}

export interface UploaderOptions {
  /** Absent when the editor has its own picker and calls `upload()` itself (the rich editor's image menu). */
  button?: HTMLElement;
  cameraButton?: HTMLElement;
  dropZone?: HTMLElement;
  pasteTarget?: HTMLElement;
  list?: HTMLElement;
  imagesOnly?: boolean;
  /** A photo's alt text from the page (e.g. the cover form's field); without it the alt is empty. */
  altText?: () => string;
  /** The signed-in account whose device outbox keeps files picked offline; absent: no queueing. */
  offlineAccount?: () => string | null;
  insert(markdown: string, upload: UploadResult): void;
  /** Called instead of `insert` for a file kept in the device outbox, with its local link. */
  insertQueued?: (markdown: string) => void;
}

export interface Uploader {
  /** Uploads these files one after another (what the picker, drop and paste call). */
  upload(files: Iterable<File>): Promise<void>;
  /** How many files are still being prepared or sent. */
  busy(): number;
  /** Resolves when every file picked so far is uploaded, queued or failed. */
  idle(): Promise<void>;
  /** Removes every listener and the hidden inputs. */
  detach(): void;
}

const MAX_BYTES = 20 * 1024 * 1024;
const DOCUMENT_TYPES = '.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv';
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif';
const ENDPOINT = '/api/uploads';

const isImage = (file: File) => file.type.startsWith('image/') || /\.(jpe?g|png|webp|gif|heic|heif|avif)$/i.test(file.name);
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

function hiddenInput(accept: string, multiple: boolean): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.multiple = multiple;
  input.hidden = true;
  return input;
}

interface Row {
  progress: HTMLProgressElement;
  status: HTMLElement;
  element: HTMLLIElement;
}

function addRow(list: HTMLElement, file: File): Row {
  const element = document.createElement('li');
  element.className = 'uploader-item';
  const name = document.createElement('span');
  name.textContent = `${file.name} (${sizeText(file.size)})`;
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.value = 0;
  progress.setAttribute('aria-label', `ความคืบหน้าการอัปโหลด ${file.name}`);
  const status = document.createElement('span');
  status.className = 'uploader-status';
  status.setAttribute('role', 'status');
  element.append(name, progress, status);
  list.append(element);
  return { progress, status, element };
}

function fail(row: Row, message: string): void {
  row.progress.remove();
  row.status.className = 'uploader-error';
  row.status.setAttribute('role', 'alert');
  row.status.textContent = message;
}

const NETWORK_LOST = 'network';

/** Sends one file with XMLHttpRequest (fetch cannot report upload progress); NETWORK_LOST when the connection failed. */
function send(file: File, alt: string, row: Row, key: string): Promise<UploadResult | null | typeof NETWORK_LOST> {
  return new Promise((resolve) => {
    const body = new FormData();
    body.append('file', file, file.name);
    if (alt) body.append('alt', alt);
    const request = new XMLHttpRequest();
    request.open('POST', ENDPOINT);
    request.setRequestHeader('idempotency-key', key); // a retry of this file never stores it twice
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) row.progress.value = event.loaded / event.total;
    };
    request.upload.onload = () => {
      row.progress.removeAttribute('value'); // indeterminate while the server processes the photo
      row.status.textContent = 'กำลังเตรียมภาพ…';
    };
    request.onload = () => {
      const answer = request.response as (UploadResult & { error?: string }) | null;
      if (request.status === 201 && answer) return resolve(answer);
      fail(row, answer?.error ?? `อัปโหลดไม่สำเร็จ (รหัส ${request.status}) กรุณาลองใหม่อีกครั้ง`);
      resolve(null);
    };
    request.onerror = () => resolve(NETWORK_LOST);
    request.send(body);
  });
}

/** Wires the upload controls of one editor; see the module comment. */
export function attachUploader(options: UploaderOptions): Uploader {
  const { button, cameraButton, dropZone, pasteTarget, imagesOnly = false, altText, insert } = options;
  if (!button && !options.list) throw new Error('attachUploader needs a button or a list');
  const list = options.list ?? document.createElement('ul');
  if (!options.list) {
    list.className = 'uploader-list';
    button!.after(list);
  }
  list.setAttribute('aria-live', 'polite');
  const picker = hiddenInput(imagesOnly ? IMAGE_TYPES : `${IMAGE_TYPES},${DOCUMENT_TYPES}`, true);
  const camera = hiddenInput('image/*', true);
  (button ?? list).after(picker, camera);
  let queue = Promise.resolve();
  let inFlight = 0;

  /** Keeps the file in the device outbox; the body gets a local link, rewritten when it is sent. */
  async function queueOnDevice(file: File, alt: string, row: Row): Promise<boolean> {
    const account = options.offlineAccount?.();
    if (!account || !options.insertQueued) return false;
    const { queueUpload } = await import('./outbox/queue.ts');
    const { markdown } = await queueUpload(account, file, alt);
    row.progress.remove();
    row.status.textContent = 'ไม่มีสัญญาณ เก็บไฟล์ไว้ในเครื่องแล้ว จะอัปโหลดเองเมื่อกลับมาออนไลน์ (ดูที่ "รอส่ง")';
    options.insertQueued(markdown);
    return true;
  }

  function offerRetry(row: Row, file: File, alt: string): void {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'ลองอีกครั้ง';
    retry.addEventListener('click', () => {
      row.element.remove();
      inFlight += 1;
      queue = queue.then(() => uploadOne(file, alt)).finally(() => (inFlight -= 1));
    });
    row.element.append(retry);
  }

  async function uploadOne(picked: File, knownAlt?: string): Promise<void> {
    const row = addRow(list, picked);
    let file = picked;
    if (imagesOnly && !isImage(file)) return fail(row, 'ช่องนี้รับเฉพาะภาพถ่าย (JPEG, PNG, WebP, GIF)');
    if (file.size > MAX_BYTES) return fail(row, 'ไฟล์ใหญ่เกิน 20 MB กรุณาย่อขนาดหรือแบ่งไฟล์ก่อนอัปโหลด');
    // No prompt per photo (up to 30 in an AAR gallery): the alt text is typed in the field on the
    // photo afterwards, in the editor and in the gallery (issue 24, point 5).
    const alt = knownAlt ?? (isImage(file) && altText ? altText().trim() : '');
    if (navigator.onLine === false && (await queueOnDevice(file, alt, row))) return;
    if (isImage(file)) {
      row.status.textContent = 'กำลังย่อภาพ…';
      const { shrinkPhoto } = await import('./outbox/shrink.ts');
      file = await shrinkPhoto(file);
      row.status.textContent = '';
    }
    const result = await send(file, alt, row, crypto.randomUUID());
    if (result === NETWORK_LOST) {
      if (await queueOnDevice(file, alt, row)) return;
      fail(row, 'การเชื่อมต่อขาดหายระหว่างอัปโหลด กรุณาตรวจสอบอินเทอร์เน็ตแล้วกด "ลองอีกครั้ง"');
      return offerRetry(row, picked, alt);
    }
    if (!result) return offerRetry(row, picked, alt);
    row.progress.value = 1;
    row.status.textContent = 'อัปโหลดแล้ว';
    insert(result.markdown, result);
  }

  const upload = (files: Iterable<File>): Promise<void> => {
    for (const file of [...files]) {
      inFlight += 1;
      queue = queue.then(() => uploadOne(file)).finally(() => (inFlight -= 1));
    }
    return queue;
  };

  const onPick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void upload(files);
  };
  const openPicker = () => picker.click();
  const openCamera = () => camera.click();
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    dropZone?.classList.add('is-over');
  };
  const onDragLeave = () => dropZone?.classList.remove('is-over');
  const onDrop = (event: DragEvent) => {
    dropZone?.classList.remove('is-over');
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    void upload(event.dataTransfer.files);
  };
  const onPaste = (event: ClipboardEvent) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return; // plain text pastes as usual
    event.preventDefault();
    void upload(files);
  };

  button?.addEventListener('click', openPicker);
  cameraButton?.addEventListener('click', openCamera);
  picker.addEventListener('change', onPick);
  camera.addEventListener('change', onPick);
  dropZone?.addEventListener('dragover', onDragOver);
  dropZone?.addEventListener('dragleave', onDragLeave);
  dropZone?.addEventListener('drop', onDrop);
  pasteTarget?.addEventListener('paste', onPaste);

  return {
    upload,
    busy: () => inFlight,
    idle: () => queue,
    detach() {
      button?.removeEventListener('click', openPicker);
      cameraButton?.removeEventListener('click', openCamera);
      dropZone?.removeEventListener('dragover', onDragOver);
      dropZone?.removeEventListener('dragleave', onDragLeave);
      dropZone?.removeEventListener('drop', onDrop);
      pasteTarget?.removeEventListener('paste', onPaste);
      picker.remove();
      camera.remove();
    },
  };
}

/**
 * Puts `markdown` into a textarea at the cursor as a paragraph of its own and tells the editor
 * (autosave, preview) with an input event. The Markdown editor's `insert` hook.
 */
export function insertIntoTextarea(textarea: HTMLTextAreaElement, markdown: string): void {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const before = value.slice(0, start);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  textarea.setRangeText(`${lead}${markdown}\n\n`, start, end, 'end');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}
