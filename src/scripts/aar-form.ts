/**
 * Browser side of the AAR form: fills อำเภอ/ตำบล lists from /api/places/<province> when the province
 * changes, adds numbered sub-group/action rows, folds sections on a phone with progress at the top,
 * and autosaves everything typed locally and to the server (aar-autosave.ts). The rich editors of
 * the long answers are mounted by the AAR form's own script (aar-rich-fields.ts). The form still
 * submits without it.
 */
import { setUpAutosave } from './aar-autosave.ts';
import type { RichEditor } from './rich-editor.ts';
import { mountTagInput } from './tag-input.ts';

const PHONE = '(max-width: 40rem)';

interface PlaceOption {
  code: string;
  name: string;
}
interface DistrictOption extends PlaceOption {
  subdistricts: PlaceOption[];
}

function fillSelect(select: HTMLSelectElement, placeholder: string, options: PlaceOption[]): void {
  select.replaceChildren(new Option(placeholder, ''), ...options.map((o) => new Option(o.name, o.code)));
}

/**
 * `editors`: the rich editors over the long answers (AarForm mounts them first), so a restored copy
 * shows in them too. The event form has none.
 */
export function setUpAarForm(form: HTMLFormElement, editors = new Map<HTMLTextAreaElement, RichEditor>()): void {
  const province = form.querySelector<HTMLSelectElement>('#provinceCode')!;
  const district = form.querySelector<HTMLSelectElement>('#districtCode')!;
  const subdistrict = form.querySelector<HTMLSelectElement>('#subdistrictCode')!;
  let districts: DistrictOption[] = [];

  async function loadDistricts(keepSelection: boolean): Promise<void> {
    const code = province.value;
    if (!code) {
      fillSelect(district, '— เลือกจังหวัดก่อน —', []);
      fillSelect(subdistrict, '— เลือกอำเภอก่อน —', []);
      return;
    }
    district.disabled = true;
    try {
      const response = await fetch(`${form.dataset.placesUrl}/${encodeURIComponent(code)}`);
      if (!response.ok) throw new Error(String(response.status));
      districts = ((await response.json()) as { districts: DistrictOption[] }).districts;
    } catch {
      districts = [];
      fillSelect(district, 'โหลดรายชื่ออำเภอไม่สำเร็จ ลองเลือกจังหวัดอีกครั้ง', []);
      return;
    } finally {
      district.disabled = false;
    }
    if (keepSelection) return;
    fillSelect(district, '— เลือกอำเภอ —', districts);
    fillSelect(subdistrict, '— เลือกอำเภอก่อน —', []);
  }

  province.addEventListener('change', () => void loadDistricts(false));
  district.addEventListener('change', () => {
    const found = districts.find((d) => d.code === district.value);
    fillSelect(subdistrict, found ? '— เลือกตำบล —' : '— เลือกอำเภอก่อน —', found?.subdistricts ?? []);
  });
  if (province.value) void loadDistricts(true);

  for (const button of form.querySelectorAll<HTMLButtonElement>('[data-add-row]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const list = button.closest('fieldset')!.querySelector('.aar-rows')!;
      const last = list.lastElementChild as HTMLElement;
      const next = Number(last.dataset.row) + 1;
      list.append(cloneRow(last, next));
      list.lastElementChild?.querySelector('input')?.focus();
    });
  }

  // The event form reuses the place lists above and has no tags, steps or local copy.
  const tags = form.querySelector<HTMLInputElement>('#tags');
  if (!tags) return;
  const tagInput = mountTagInput(tags);
  setUpSteps(form);
  setUpAutosave(form, (values) => {
    for (const [name, value] of Object.entries(values)) {
      let input = form.elements.namedItem(name);
      const row = /^(subGroups|actions)\.(\d+)\./.exec(name);
      if (!input && row) input = addRowsUpTo(form, row[1]!, Number(row[2])).elements.namedItem(name);
      if (input instanceof HTMLInputElement && input.type === 'radio') continue;
      if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement || input instanceof HTMLSelectElement)
        input.value = value;
      else if (input instanceof RadioNodeList) input.value = value;
      if (input instanceof HTMLTextAreaElement) editors.get(input)?.setMarkdown(value);
    }
    if (values.tags !== undefined) tagInput.setValue(values.tags);
    // District and subdistrict lists follow the restored province.
    if (values.provinceCode)
      void loadDistricts(false).then(() => {
        district.value = values.districtCode ?? '';
        district.dispatchEvent(new Event('change'));
        subdistrict.value = values.subdistrictCode ?? '';
      });
  });
}

/** A copy of the last row, numbered `next` ("กลุ่มย่อยที่ 4"), empty. */
function cloneRow(last: HTMLElement, next: number): HTMLElement {
  const row = last.cloneNode(true) as HTMLElement;
  row.dataset.row = String(next);
  for (const error of row.querySelectorAll('.field-error')) error.remove();
  const title = row.querySelector<HTMLElement>('[data-row-title]');
  if (title) title.textContent = `${title.dataset.rowTitle} ${next + 1}`;
  for (const input of row.querySelectorAll('input')) {
    input.name = input.name.replace(/\.\d+\./, `.${next}.`);
    input.id = input.id.replace(/-\d+-/, `-${next}-`);
    input.value = '';
  }
  return row;
}

function addRowsUpTo(form: HTMLFormElement, list: string, index: number): HTMLFormElement {
  const rows = form.querySelector(`[data-rows="${list}"] .aar-rows`);
  while (rows && Number((rows.lastElementChild as HTMLElement).dataset.row) < index) {
    const last = rows.lastElementChild as HTMLElement;
    rows.append(cloneRow(last, Number(last.dataset.row) + 1));
  }
  return form;
}

/** Whether a section has what it needs: its required inputs, or the "actual participants" rule. */
function sectionComplete(section: HTMLElement): boolean {
  const inputs = [...section.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')];
  if (section.querySelector('#actualPeople')) {
    return ['actualPeople', 'actualTambons'].some((id) => (section.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '') !== '');
  }
  // A rich editor's textarea is no longer `required` (hidden fields cannot show the browser's message).
  const required = inputs.filter((i) => i.required || i.dataset.required === 'true');
  if (required.length > 0) return required.every((i) => i.value.trim() !== '');
  return inputs.some((i) => i.value.trim() !== ''); // optional rows: done once one is filled
}

/** Sections fold (tap the heading); on a phone, finished ones start folded; progress on top. */
function setUpSteps(form: HTMLFormElement): void {
  const sections = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset.aar-section')];
  const bar = form.querySelector<HTMLProgressElement>('#aar-progress-bar')!;
  const text = form.querySelector<HTMLElement>('#aar-progress-text')!;
  bar.max = sections.length;
  form.querySelector<HTMLElement>('#aar-progress')!.hidden = false;
  const onPhone = window.matchMedia(PHONE).matches;

  const update = () => {
    let done = 0;
    for (const section of sections) {
      const complete = sectionComplete(section);
      if (complete) done++;
      section.classList.toggle('complete', complete);
    }
    bar.value = done;
    text.textContent = `กรอกครบ ${done} จาก ${sections.length} ส่วน`;
  };
  sections.forEach((section, i) => {
    const legend = section.querySelector('legend')!;
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'aar-fold';
    toggle.append(`${i + 1}. `, ...legend.childNodes);
    legend.replaceChildren(toggle);
    const setFolded = (folded: boolean) => {
      section.classList.toggle('folded', folded);
      toggle.setAttribute('aria-expanded', String(!folded));
    };
    toggle.addEventListener('click', () => setFolded(!section.classList.contains('folded')));
    const hasError = !!section.querySelector('.field-error, [aria-invalid="true"]');
    setFolded(onPhone && sectionComplete(section) && !hasError);
  });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}
