const BUDDHIST_ERA_OFFSET = 543;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Older than this, relative time stops helping and the date is shown instead. */
const RELATIVE_TIME_LIMIT_MS = 7 * DAY_MS;
const THAI_ZERO = 0x0e50;

const SHORT_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const LONG_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];

// NOTE: Asia/Bangkok has been UTC+07:00 all year since 1920 (no daylight saving), so the parts are
// plain arithmetic on the UTC clock: no ICU data involved, and ~50x cheaper than
// Intl.DateTimeFormat#formatToParts, which cost ~0.5 ms on a note page with 50 comments.
const BANGKOK_OFFSET_MS = 7 * HOUR_MS;

type ThaiEra = 'buddhist' | 'gregorian';
export interface ThaiDateOptions {
  /** Buddhist era (พ.ศ., CE + 543) unless told otherwise. */
  era?: ThaiEra;
}

interface BangkokParts {
  year: number;
  monthIndex: number;
  day: number;
  hour: string;
  minute: string;
}

function toBangkokParts(date: Date | number): BangkokParts {
  const time = typeof date === 'number' ? date : date.getTime();
  if (!Number.isFinite(time)) throw new RangeError(`Invalid date: ${String(date)}`);
  const local = new Date(time + BANGKOK_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    monthIndex: local.getUTCMonth(),
    day: local.getUTCDate(),
    hour: String(local.getUTCHours()).padStart(2, '0'),
    minute: String(local.getUTCMinutes()).padStart(2, '0'),
  };
}

function formatYear(year: number, era: ThaiEra = 'buddhist'): number {
  return era === 'buddhist' ? year + BUDDHIST_ERA_OFFSET : year;
}

/** "26 ก.พ. 2550" — the day in Bangkok, abbreviated Thai month, Buddhist era by default. */
export function formatThaiDate(date: Date | number, options: ThaiDateOptions = {}): string {
  const { year, monthIndex, day } = toBangkokParts(date);
  return `${day} ${SHORT_MONTHS[monthIndex]} ${formatYear(year, options.era)}`;
}

/** "26 ก.พ. 2550 14:08 น." — Bangkok time, 24-hour clock. */
export function formatThaiDateTime(date: Date | number, options: ThaiDateOptions = {}): string {
  const { hour, minute } = toBangkokParts(date);
  return `${formatThaiDate(date, options)} ${hour}:${minute} น.`;
}

/** "26 กุมภาพันธ์ 2550" — full month name, Buddhist era, for headings and printed pages. */
export function formatThaiLongDate(date: Date | number): string {
  const { year, monthIndex, day } = toBangkokParts(date);
  return `${day} ${LONG_MONTHS[monthIndex]} ${formatYear(year)}`;
}

/**
 * "เมื่อสักครู่", "5 นาทีที่แล้ว", "3 ชั่วโมงที่แล้ว", "2 วันที่แล้ว"; older than 7 days (or
 * more than a minute in the future) falls back to {@link formatThaiDate}. Days are 24-hour
 * periods, not calendar days.
 */
export function formatThaiRelativeTime(date: Date | number, now: Date | number = new Date()): string {
  const elapsed = Number(now) - Number(date);
  if (!Number.isFinite(elapsed)) throw new RangeError(`Invalid date: ${String(date)}`);
  // A small negative gap is clock skew between server and client, not a future post.
  if (elapsed < -MINUTE_MS || elapsed > RELATIVE_TIME_LIMIT_MS) return formatThaiDate(date);
  if (elapsed < MINUTE_MS) return 'เมื่อสักครู่';
  if (elapsed < HOUR_MS) return `${Math.floor(elapsed / MINUTE_MS)} นาทีที่แล้ว`;
  if (elapsed < DAY_MS) return `${Math.floor(elapsed / HOUR_MS)} ชั่วโมงที่แล้ว`;
  return `${Math.floor(elapsed / DAY_MS)} วันที่แล้ว`;
}

/** Replaces 0-9 with Thai digits ๐-๙; everything else is left alone. */
export function toThaiDigits(s: string): string {
  return s.replace(/[0-9]/g, (digit) => String.fromCharCode(THAI_ZERO + Number(digit)));
}

/** Replaces Thai digits ๐-๙ with 0-9, e.g. before parsing a number a user typed. */
export function toArabicDigits(s: string): string {
  return s.replace(/[๐-๙]/g, (digit) => String(digit.charCodeAt(0) - THAI_ZERO));
}

/** Plausible years for dates people enter (events, due dates): 2450–2650 BE, i.e. 1907–2107 CE. */
export const MIN_BE_YEAR = 2450;
export const MAX_BE_YEAR = 2650;
export const MIN_CE_YEAR = MIN_BE_YEAR - BUDDHIST_ERA_OFFSET;
export const MAX_CE_YEAR = MAX_BE_YEAR - BUDDHIST_ERA_OFFSET;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** d/m/yyyy as Thai people write it: "/", "-", "." or spaces between, Thai or Arabic digits. */
const TYPED_DATE = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$/;
/** "12032568" or "120368": what a phone's number pad can type (it has no "/", "." or "-"). */
const DIGITS_ONLY_DATE = /^(\d{2})(\d{2})(\d{2}|\d{4})$/;
/** "12 มี.ค. 2568", "12 มีนาคม พ.ศ. 2568", "3ม.ค.69", "12-มีค-68": day, month words, year. */
const WORDED_DATE = /^(\d{1,2})([^\d]+?)(\d{2}|\d{4})$/;
/** "วันที่ 12 …" or "วันพุธที่ 12 …" before the day, as a date is said aloud. */
const SPOKEN_PREFIX = /^วัน(?:จันทร์|อังคาร|พุธ|พฤหัส(?:บดี)?|ศุกร์|เสาร์|อาทิตย์)?ที่\s*/;

/** The month a word names: full names, the abbreviations with or without dots, and spoken short forms ("มีนา"). */
const MONTH_BY_WORD = new Map<string, number>(
  LONG_MONTHS.flatMap((long, i) => {
    const short = SHORT_MONTHS[i]!.replace(/\./g, '');
    const spoken = long.replace(/(?:คม|ยน|พันธ์)$/, '');
    return [long, short, spoken].map((word): [string, number] => [word, i + 1]);
  }),
);

/** The month number for what stands between the day and the year, or undefined. */
function monthOfWords(words: string): number | undefined {
  const key = words
    .replace(/พ\.?\s*ศ\.?\s*$/, '') // "พ.ศ." before the year
    .replace(/[\s./,\-]/g, '');
  return MONTH_BY_WORD.get(key);
}

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The example every date field shows: the ways parseThaiDateInput reads. */
export const DATE_INPUT_HINT = 'วัน เดือน ปี พ.ศ. เช่น 12 มี.ค. 2568 หรือ 12/03/2568';
/** Short enough for a date field on a 360 px phone. */
export const DATE_INPUT_PLACEHOLDER = 'เช่น 12 มี.ค. 2568';

export type DateParse = { ok: true; iso: string } | { ok: false; error: string };

const beYearOf = (yearText: string) => (yearText.length === 2 ? 2500 + Number(yearText) : Number(yearText));

/**
 * A date typed in a form, Buddhist era, the ways Thai people type one: "12/03/2568", "12-3-2568",
 * "12 มี.ค. 2568", "12 มีนาคม พ.ศ. 2568", "3 มค 69", "วันที่ 12 มีนา 68", "๑๒/๐๓/๒๕๖๘", "12032568";
 * a two-digit year is 25xx. An ISO date from a date picker ("2025-03-12") is taken as it is. Years
 * outside 2450–2650 BE are refused with a Thai message that says what to type. Every date field
 * (events, AAR, due dates) parses through here.
 */
export function parseThaiDateInput(raw: string, label = 'วันที่'): DateParse {
  const text = toArabicDigits(raw).trim().replace(SPOKEN_PREFIX, '');
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const year = Number(iso[1]);
    // A year typed as 2568-03-12 is Buddhist era; a picker's value is Western.
    const ceYear = year >= MIN_BE_YEAR ? year - BUDDHIST_ERA_OFFSET : year;
    return checkedDate(ceYear, Number(iso[2]), Number(iso[3]), label);
  }
  const typed = TYPED_DATE.exec(text) ?? DIGITS_ONLY_DATE.exec(text);
  if (typed) return checkedDate(beYearOf(typed[3]!) - BUDDHIST_ERA_OFFSET, Number(typed[2]), Number(typed[1]), label);
  const worded = WORDED_DATE.exec(text);
  const month = worded ? monthOfWords(worded[2]!) : undefined;
  if (worded && month) return checkedDate(beYearOf(worded[3]!) - BUDDHIST_ERA_OFFSET, month, Number(worded[1]), label);
  return { ok: false, error: `${label}ไม่ถูกต้อง กรุณาพิมพ์ วัน เดือน ปี พ.ศ. เช่น 12 มี.ค. 2568 หรือ 12/03/2568` };
}

function checkedDate(ceYear: number, month: number, day: number, label: string): DateParse {
  const beYear = ceYear + BUDDHIST_ERA_OFFSET;
  if (beYear < MIN_BE_YEAR || beYear > MAX_BE_YEAR) {
    return { ok: false, error: `${label}: ปี พ.ศ. ${beYear} ดูไม่ถูกต้อง กรุณาใช้ปี พ.ศ. ระหว่าง ${MIN_BE_YEAR}–${MAX_BE_YEAR} เช่น 12/03/2568` };
  }
  const iso = isoOf(ceYear, month, day);
  return iso ? { ok: true, iso } : { ok: false, error: `${label}ไม่มีในปฏิทิน (วันหรือเดือนเกิน) กรุณาตรวจสอบ` };
}

/** "2025-03-12" → "12/03/2568", how the form shows a stored date. Anything else is returned as is. */
export function formatThaiDateInput(isoDate: string): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return isoDate;
  return `${match[3]}/${match[2]}/${Number(match[1]) + BUDDHIST_ERA_OFFSET}`;
}
