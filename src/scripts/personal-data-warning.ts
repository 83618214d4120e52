/**
 * Warns as the member types when the text holds a Thai national ID number (the server refuses it
 * unless confirmed: the checkbox appears) or a mobile number (a warning only). Reads the form's
 * title and Markdown fields: the rich editor writes its Markdown to the textarea and fires `input`.
 */
import { describePersonalData, findPersonalDataIn, PERSONAL_DATA_LABELS } from '../lib/personal-data.ts';

const CHECK_DELAY_MS = 300;

/** Watches the form around `box` ([data-personal-data]) and fills its warning. */
export function watchPersonalData(box: HTMLElement): void {
  const form = box.closest('form');
  const warning = box.querySelector<HTMLElement>('[data-personal-data-warning]');
  const confirm = box.querySelector<HTMLElement>('[data-personal-data-confirm]');
  if (!form || !warning || !confirm) return;
  let timer: number | undefined;
  const check = () => {
    const inputs = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], textarea')].filter(
      (el) => el.name && el.name !== 'tags',
    );
    const fields = inputs.map((el) => ({ field: el.name, text: el.value }));
    // "Where" in the form's own words: each field's label ("ชื่อบันทึก", "บทเรียน" …).
    const labels = Object.fromEntries(
      inputs.map((el) => [el.name, (el.id && form.querySelector(`label[for="${el.id}"]`)?.textContent?.trim()) || el.name]),
    );
    const found = findPersonalDataIn(fields);
    const ids = found.filter((f) => f.kind === 'thai-id');
    const mobiles = found.filter((f) => f.kind === 'mobile');
    const parts: string[] = [];
    if (ids.length) parts.push(describePersonalData(ids, labels));
    if (mobiles.length)
      parts.push(
        `พบ${PERSONAL_DATA_LABELS.mobile} ${mobiles.length} หมายเลข (${mobiles.map((m) => m.masked).join(', ')}) ถ้าเป็นเบอร์ของผู้อื่น ควรลบหรือปิดบางหลักก่อนเผยแพร่`,
      );
    warning.textContent = parts.join(' ');
    warning.hidden = parts.length === 0;
    warning.dataset.kinds = [...new Set(found.map((f) => f.kind))].join(' ');
    if (ids.length) confirm.hidden = false;
  };
  form.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, CHECK_DELAY_MS);
  });
  check();
}
