/**
 * Profile photo preview in settings: the chosen photo is shown in the avatar's circle before the
 * form is sent, and a file that will be refused (not a photo, over 20 MB) is named at once. The
 * form itself is a plain multipart post; without JavaScript it works the same, without the preview.
 * NOTE: a data: URL, not a blob: URL, because the page's CSP allows `img-src data:` only.
 *
 * A photo chosen but not yet saved is not lost when the member presses the profile form's
 * "บันทึกข้อมูล" instead (issue 24, point 9): that form (`data-saves-avatar`) sends the photo to
 * /settings/avatar first, then itself. A refused photo stops it, with the reason under the picker.
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
  const profileForm = document.querySelector<HTMLFormElement>('form[data-saves-avatar]');
  if (profileForm) savePhotoWith(profileForm, form, input, showError);
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

/** Sends a chosen photo before the profile form: the two are one "save" to the member. */
function savePhotoWith(
  profileForm: HTMLFormElement,
  photoForm: HTMLFormElement,
  input: HTMLInputElement,
  showError: (message: string) => void,
) {
  let sending = false;
  profileForm.addEventListener('submit', (event) => {
    if (!input.files?.length || sending) return;
    event.preventDefault();
    if (!input.checkValidity()) return input.reportValidity();
    sending = true;
    const button = profileForm.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    void fetch(photoForm.action, { method: 'POST', body: new FormData(photoForm), credentials: 'same-origin' })
      .then(async (response) => {
        if (response.ok) {
          input.value = ''; // saved: the profile form goes on alone
          profileForm.submit();
          return;
        }
        // The photo page answers a refusal with its form and the Thai reason.
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        showError(page.querySelector('[data-avatar-error]')?.textContent?.trim() || 'บันทึกรูปประจำตัวไม่สำเร็จ กรุณาเลือกรูปใหม่แล้วลองอีกครั้ง');
        input.focus();
      })
      .catch(() => showError('ส่งรูปประจำตัวไม่สำเร็จ ตรวจสอบสัญญาณอินเทอร์เน็ตแล้วกด "บันทึกข้อมูล" อีกครั้ง'))
      .finally(() => {
        sending = false;
        if (button) button.disabled = false;
      });
  });
}

export {};
