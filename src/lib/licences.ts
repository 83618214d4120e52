/** Creative Commons licences a writer can choose; the default is shown on every note page. */
export const LICENCES = {
  'cc-by-4.0': { label: 'แสดงที่มา (CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/deed.th' },
  'cc-by-sa-4.0': { label: 'แสดงที่มา-อนุญาตแบบเดียวกัน (CC BY-SA 4.0)', url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.th' },
  'cc-by-nc-4.0': { label: 'แสดงที่มา-ไม่ใช้เพื่อการค้า (CC BY-NC 4.0)', url: 'https://creativecommons.org/licenses/by-nc/4.0/deed.th' },
  'cc-by-nc-sa-4.0': {
    label: 'แสดงที่มา-ไม่ใช้เพื่อการค้า-อนุญาตแบบเดียวกัน (CC BY-NC-SA 4.0)',
    url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/deed.th',
  },
  'cc-by-nd-4.0': { label: 'แสดงที่มา-ไม่ดัดแปลง (CC BY-ND 4.0)', url: 'https://creativecommons.org/licenses/by-nd/4.0/deed.th' },
  'cc0-1.0': { label: 'สาธารณสมบัติ (CC0 1.0)', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.th' },
} as const;

export type LicenceId = keyof typeof LICENCES;
export const LICENCE_IDS = Object.keys(LICENCES) as [LicenceId, ...LicenceId[]];
export const DEFAULT_LICENCE: LicenceId = 'cc-by-nc-sa-4.0';
