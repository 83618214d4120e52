/**
 * Profile photo preview in settings: the chosen photo is shown in the avatar's circle before the
 * form is sent, and a file that will be refused (not a photo, over 20 MB) is named at once. The
 * form itself is a plain multipart post; without JavaScript it works the same, without the preview.
 * NOTE: a data: URL, not a blob: URL, because the page's CSP allows `img-src data:` only.
 */
const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPTED = /^image\/(?:jpeg|png|webp|gif)$/;

for (const form of document.querySelectorAll<HTMLFormElement>('[data-avatar-form]')) {
  const root = form.closest('.avatar-form');
  const input = form.querySelector<HTMLInputElement>('input[type=file]');
  const preview = root?.querySelector<HTMLImageElement>('[data-avatar-preview]');
  const current = root?.querySelector<HTMLElement>('[data-avatar-current]');
  const error = form.querySelector<HTMLElement>('[data-avatar-error]');
  if (!input || !preview || !current || !error) continue;
  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = message === '';
    input.setCustomValidity(message);
  };
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    preview.hidden = true;
    current.hidden = false;
    showError('');
    if (!file) return;
    if (file.type && !ACCEPTED.test(file.type)) return showError('รูปประจำตัวต้องเป็นไฟล์ภาพ JPEG, PNG, WebP หรือ GIF กรุณาเลือกไฟล์ใหม่');
    if (file.size > MAX_BYTES) return showError('รูปใหญ่เกิน 20 MB กรุณาย่อขนาดรูปแล้วเลือกใหม่');
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      preview.src = String(reader.result);
      preview.hidden = false;
      current.hidden = true;
    });
    reader.readAsDataURL(file);
  });
}

export {};
