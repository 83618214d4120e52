/**
 * Finds personal data that should not be published by accident (PDPA s.26: care for other people's
 * data): Thai national ID numbers (13 digits with a valid mod-11 check digit) and Thai mobile
 * numbers (10 digits from 06, 08 or 09). Shared by the server, which refuses an unacknowledged
 * Thai ID with 422, and the editor, which warns as the member types. Safe on both sides.
 *
 * Digits may be Thai (๐–๙) or Arabic, and separated by single dashes or spaces ("1-2345-67890-12-1",
 * "1 2345 67890 12 1"). A run of digits longer than the pattern never matches part-way (a 14-digit
 * account number is not an ID). Numbers failing the check digit pass silently: most 13-digit runs
 * in reports (budget codes, parcel numbers) are not IDs, and a warning on them would teach members
 * to tick the box without reading.
 */

export type PersonalDataKind = 'thai-id' | 'mobile';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** The form field it was found in ('title', 'body', an AAR field …), as given by the caller. */
  field: string;
  /** 1-based line within that field. */
  line: number;
  /** The number with its middle digits masked, safe to show back in an error or a log. */
  masked: string;
}

/** What each kind is called in messages: "the kind of data" the member is told about. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  'thai-id': 'เลขประจำตัวประชาชน 13 หลัก',
  mobile: 'หมายเลขโทรศัพท์มือถือ',
};

const THAI_ZERO = 0x0e50;
/** A digit or a single separator between digits; lookarounds keep longer digit runs whole. */
const THAI_ID_PATTERN = /(?<!\d[ -]?)\d(?:[ -]?\d){12}(?![ -]?\d)/g;
const MOBILE_PATTERN = /(?<!\d[ -]?)0[689](?:[ -]?\d){8}(?![ -]?\d)/g;

/** Thai digits ๐–๙ as Arabic 0–9; every other character unchanged (same length, so positions hold). */
function toArabicDigits(text: string): string {
  return text.replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));
}

/** Whether 13 digits (separators removed) carry a valid Thai ID check digit. */
export function isValidThaiId(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}

function mask(digits: string): string {
  return `${digits.slice(0, 3)}${'x'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Every Thai ID with a valid check digit and every mobile number in one field's text. */
export function findPersonalData(text: string, field: string): PersonalDataFinding[] {
  const normal = toArabicDigits(text);
  const found: PersonalDataFinding[] = [];
  for (const match of normal.matchAll(THAI_ID_PATTERN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (isValidThaiId(digits)) found.push({ kind: 'thai-id', field, line: lineAt(normal, match.index), masked: mask(digits) });
  }
  for (const match of normal.matchAll(MOBILE_PATTERN)) {
    found.push({ kind: 'mobile', field, line: lineAt(normal, match.index), masked: mask(match[0].replace(/[ -]/g, '')) });
  }
  return found;
}

/** Findings over several fields, e.g. `{ title: 'ชื่อบันทึก', body: 'เนื้อหา' }` with their texts. */
export function findPersonalDataIn(fields: { field: string; text: string }[]): PersonalDataFinding[] {
  return fields.flatMap(({ field, text }) => findPersonalData(text, field));
}

/**
 * A Thai sentence naming the kind of data and where it is, and what to do next. `fieldLabels` maps
 * a field to its name on the form ("เนื้อหาบันทึก").
 */
export function describePersonalData(findings: PersonalDataFinding[], fieldLabels: Record<string, string>): string {
  const where = findings.map((f) => `${fieldLabels[f.field] ?? f.field} บรรทัดที่ ${f.line} (${f.masked})`).join(', ');
  const kinds = [...new Set(findings.map((f) => PERSONAL_DATA_LABELS[f.kind]))].join(' และ ');
  return `พบ${kinds}ใน${where} ข้อมูลนี้ระบุตัวบุคคลได้ กรุณาลบหรือปิดบางหลักก่อนเผยแพร่ ถ้าจำเป็นต้องเผยแพร่จริงและได้รับความยินยอมจากเจ้าของข้อมูลแล้ว ให้ทำเครื่องหมาย "ยืนยันว่าเผยแพร่ข้อมูลส่วนบุคคลนี้ได้" แล้วส่งอีกครั้ง`;
}
