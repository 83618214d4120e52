/**
 * Browser side of the AAR form: fills อำเภอ/ตำบล lists from /api/places/<province> when the province
 * changes, and adds sub-group/action rows. The form still submits without it.
 */
interface PlaceOption { code: string; name: string }
interface DistrictOption extends PlaceOption { subdistricts: PlaceOption[] }

function fillSelect(select: HTMLSelectElement, placeholder: string, options: PlaceOption[]): void {
  select.replaceChildren(new Option(placeholder, ''), ...options.map((o) => new Option(o.name, o.code)));
}

export function setUpAarForm(form: HTMLFormElement): void {
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
      const row = last.cloneNode(true) as HTMLElement;
      row.dataset.row = String(next);
      for (const input of row.querySelectorAll('input')) {
        input.name = input.name.replace(/\.\d+\./, `.${next}.`);
        input.value = '';
      }
      list.append(row);
      row.querySelector('input')?.focus();
    });
  }
}
