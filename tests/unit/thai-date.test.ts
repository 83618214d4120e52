import { describe, expect, it } from 'vitest';
import {
  formatThaiDate,
  formatThaiDateTime,
  formatThaiLongDate,
  formatThaiRelativeTime,
  formatThaiDateInput,
  parseThaiDateInput,
  toArabicDigits,
  toThaiDigits,
} from '../../src/lib/thai-date';

describe('formatThaiDateTime', () => {
  it.each([
    ['2007-02-26T07:08:00Z', '26 ก.พ. 2550 14:08 น.'],
    ['2024-12-31T17:30:00Z', '1 ม.ค. 2568 00:30 น.'],
    ['2024-12-31T16:59:00Z', '31 ธ.ค. 2567 23:59 น.'],
    ['2024-12-31T17:00:00Z', '1 ม.ค. 2568 00:00 น.'],
    ['2024-02-28T17:00:00Z', '29 ก.พ. 2567 00:00 น.'],
    ['2024-02-29T16:59:00Z', '29 ก.พ. 2567 23:59 น.'],
    ['2024-04-13T03:05:00Z', '13 เม.ย. 2567 10:05 น.'],
    ['2025-06-01T00:00:00+07:00', '1 มิ.ย. 2568 00:00 น.'],
  ])('%s → %s', (iso, expected) => {
    expect(formatThaiDateTime(new Date(iso))).toBe(expected);
  });

  it('accepts epoch milliseconds', () => {
    expect(formatThaiDateTime(Date.parse('2007-02-26T07:08:00Z'))).toBe('26 ก.พ. 2550 14:08 น.');
  });

  it('uses the Gregorian year when asked', () => {
    expect(formatThaiDateTime(new Date('2024-12-31T17:30:00Z'), { era: 'gregorian' })).toBe('1 ม.ค. 2025 00:30 น.');
  });

  it('refuses an invalid date', () => {
    expect(() => formatThaiDateTime(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('formatThaiDate', () => {
  it.each([
    ['2007-02-26T07:08:00Z', 'buddhist', '26 ก.พ. 2550'],
    ['2007-02-26T07:08:00Z', 'gregorian', '26 ก.พ. 2007'],
    ['2023-03-05T18:00:00Z', 'buddhist', '6 มี.ค. 2566'],
    ['2023-11-30T12:00:00Z', 'buddhist', '30 พ.ย. 2566'],
  ] as const)('%s (%s) → %s', (iso, era, expected) => {
    expect(formatThaiDate(new Date(iso), { era })).toBe(expected);
  });

  it('names every month', () => {
    const months = Array.from({ length: 12 }, (_, i) => formatThaiDate(Date.UTC(2024, i, 15)).split(' ')[1]);
    expect(months).toEqual(['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.']);
  });
});

describe('formatThaiLongDate', () => {
  it.each([
    ['2007-02-26T07:08:00Z', '26 กุมภาพันธ์ 2550'],
    ['2024-02-29T05:00:00Z', '29 กุมภาพันธ์ 2567'],
    ['2024-12-31T17:30:00Z', '1 มกราคม 2568'],
    ['2024-07-10T00:00:00Z', '10 กรกฎาคม 2567'],
  ])('%s → %s', (iso, expected) => {
    expect(formatThaiLongDate(new Date(iso))).toBe(expected);
  });
});

describe('formatThaiRelativeTime', () => {
  const now = new Date('2024-06-15T12:00:00Z');
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  it.each([
    [0, 'เมื่อสักครู่'],
    [59 * SECOND, 'เมื่อสักครู่'],
    [-30 * SECOND, 'เมื่อสักครู่'],
    [MINUTE, '1 นาทีที่แล้ว'],
    [5 * MINUTE + 30 * SECOND, '5 นาทีที่แล้ว'],
    [59 * MINUTE, '59 นาทีที่แล้ว'],
    [HOUR, '1 ชั่วโมงที่แล้ว'],
    [3 * HOUR + 59 * MINUTE, '3 ชั่วโมงที่แล้ว'],
    [23 * HOUR, '23 ชั่วโมงที่แล้ว'],
    [DAY, '1 วันที่แล้ว'],
    [2 * DAY + 5 * HOUR, '2 วันที่แล้ว'],
    [7 * DAY, '7 วันที่แล้ว'],
    [7 * DAY + MINUTE, '8 มิ.ย. 2567'],
    [30 * DAY, '16 พ.ค. 2567'],
    [-2 * DAY, '17 มิ.ย. 2567'],
  ])('%i ms ago → %s', (ago, expected) => {
    expect(formatThaiRelativeTime(new Date(now.getTime() - ago), now)).toBe(expected);
  });
});

describe('Thai digits', () => {
  it('converts both ways', () => {
    expect(toThaiDigits('26 ก.พ. 2550 14:08 น.')).toBe('๒๖ ก.พ. ๒๕๕๐ ๑๔:๐๘ น.');
    expect(toArabicDigits('๒๖ ก.พ. ๒๕๕๐')).toBe('26 ก.พ. 2550');
  });

  it('round-trips every digit and leaves other text alone', () => {
    const text = 'เลข 0123456789 และ abc';
    expect(toThaiDigits(text)).toBe('เลข ๐๑๒๓๔๕๖๗๘๙ และ abc');
    expect(toArabicDigits(toThaiDigits(text))).toBe(text);
  });
});

describe('parseThaiDateInput (Buddhist-era dates typed into forms)', () => {
  it.each([
    ['12/03/2568', '2025-03-12'],
    ['1/3/2568', '2025-03-01'],
    ['12-03-2568', '2025-03-12'],
    ['12.03.2568', '2025-03-12'],
    ['๑๒/๐๓/๒๕๖๘', '2025-03-12'],
    ['12/03/68', '2025-03-12'],
    ['29/02/2567', '2024-02-29'],
    ['2025-03-12', '2025-03-12'], // a date picker's value
    ['2568-03-12', '2025-03-12'], // year-first, Buddhist era
    [' 12 / 03 / 2568 ', '2025-03-12'],
    // Issue 24: as people type them, and as the site prints them.
    ['12 มี.ค. 2568', '2025-03-12'],
    ['12 มีนาคม 2568', '2025-03-12'],
    ['3 ม.ค. 69', '2026-01-03'],
    ['3 มค 69', '2026-01-03'],
    ['3 ม.ค.69', '2026-01-03'],
    ['3ม.ค.2569', '2026-01-03'],
    ['12 มี. ค. 2568', '2025-03-12'],
    ['12-มีค-68', '2025-03-12'],
    ['12 มีนา 68', '2025-03-12'],
    ['12 มีนาคม พ.ศ. 2568', '2025-03-12'],
    ['12 มี.ค. พ.ศ.2568', '2025-03-12'],
    ['วันที่ 12 มีนาคม 2568', '2025-03-12'],
    ['วันพุธที่ 12 มีนาคม 2568', '2025-03-12'],
    ['๑๒ มี.ค. ๒๕๖๘', '2025-03-12'],
    ['29 กุมภาพันธ์ 2567', '2024-02-29'],
    ['1 ก.พ. 2568', '2025-02-01'],
    ['1 กุมภา 68', '2025-02-01'],
    ['5 เม.ย. 2568', '2025-04-05'],
    ['5 พ.ค. 68', '2025-05-05'],
    ['5 พฤษภาคม 2568', '2025-05-05'],
    ['5 มิ.ย. 68', '2025-06-05'],
    ['5 กรกฎาคม 2568', '2025-07-05'],
    ['5 ส.ค. 68', '2025-08-05'],
    ['5 ก.ย. 68', '2025-09-05'],
    ['5 ต.ค. 68', '2025-10-05'],
    ['5 พ.ย. 68', '2025-11-05'],
    ['5 พฤศจิกายน 2568', '2025-11-05'],
    ['31 ธ.ค. 2568', '2025-12-31'],
    ['12032568', '2025-03-12'], // a number pad has no "/"
    ['๑๒๐๓๒๕๖๘', '2025-03-12'],
    ['120368', '2025-03-12'],
    ['12/3/68', '2025-03-12'],
  ])('%s → %s', (typed, iso) => {
    expect(parseThaiDateInput(typed)).toEqual({ ok: true, iso });
  });

  it.each([
    ['12/03/3111', 'ปี พ.ศ. 3111'],
    ['12/03/2025', 'ปี พ.ศ. 2025'], // a Western year typed where Buddhist era is expected
    ['12/03/2449', 'ระหว่าง 2450–2650'],
    ['12/03/2651', 'ระหว่าง 2450–2650'],
    ['29/02/2568', 'ไม่มีในปฏิทิน'],
    ['32/01/2568', 'ไม่มีในปฏิทิน'],
    ['พรุ่งนี้', 'เช่น 12 มี.ค. 2568'],
    ['12 มีค 3111', 'ปี พ.ศ. 3111'],
    ['30 ก.พ. 2568', 'ไม่มีในปฏิทิน'],
    ['12 ม.ค.ค. 2568', 'เช่น 12 มี.ค. 2568'], // not a month
    ['12 March 2568', 'เช่น 12 มี.ค. 2568'],
    ['1203256', 'เช่น 12 มี.ค. 2568'],
    ['13132568', 'ไม่มีในปฏิทิน'],
  ])('refuses %s in Thai (%s)', (typed, message) => {
    const result = parseThaiDateInput(typed, 'วันที่จัด');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(message);
      expect(result.error).toContain('วันที่จัด');
    }
  });

  it('accepts the edges 2450 and 2650 BE', () => {
    expect(parseThaiDateInput('01/01/2450')).toEqual({ ok: true, iso: '1907-01-01' });
    expect(parseThaiDateInput('31/12/2650')).toEqual({ ok: true, iso: '2107-12-31' });
  });

  it('formats a stored date back for the form', () => {
    expect(formatThaiDateInput('2025-03-12')).toBe('12/03/2568');
    expect(parseThaiDateInput(formatThaiDateInput('2024-02-29'))).toEqual({ ok: true, iso: '2024-02-29' });
  });
});
