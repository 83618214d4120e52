const BANGKOK_TIME_ZONE = 'Asia/Bangkok';
const BUDDHIST_ERA_OFFSET = 543;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Older than this, relative time stops helping and the date is shown instead. */
const RELATIVE_TIME_LIMIT_MS = 7 * DAY_MS;
const THAI_ZERO = 0x0e50;

const SHORT_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const LONG_MONTHS = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
];

// NOTE: only numbers are taken from ICU (en-US, Latin digits) and the Thai text is built here, so
// output does not change with the ICU build's Thai locale data. `hourCycle: 'h23'` rather than
// `hour12: false`, which some engines render as "24:05" just after midnight.
const bangkokFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: BANGKOK_TIME_ZONE,
  numberingSystem: 'latn',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export type ThaiEra = 'buddhist' | 'gregorian';
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
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of bangkokFormat.formatToParts(time)) parts[type] = value;
  return {
    year: Number(parts.year),
    monthIndex: Number(parts.month) - 1,
    day: Number(parts.day),
    hour: (parts.hour ?? '00').padStart(2, '0'),
    minute: (parts.minute ?? '00').padStart(2, '0'),
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
