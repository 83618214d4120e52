/** Thai national ID numbers and mobile numbers found before publishing (src/lib/personal-data.ts). */
import { describe, expect, it } from 'vitest';
import { describePersonalData, findPersonalData, isValidThaiId } from '../../src/lib/personal-data.ts';

const thaiDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));

describe('Thai ID check digit', () => {
  it.each([
    ['1101700203409', true],
    ['3100600123450', true],
    ['1234567890121', true],
    ['5700100023457', true],
    ['1101700203408', false], // last digit off by one
    ['1234567890123', false],
    ['0000000000000', false], // sum 0 → check digit 1
    ['110170020340', false], // 12 digits
  ])('%s → %s', (digits, valid) => {
    expect(isValidThaiId(digits)).toBe(valid);
  });
});

describe('finding Thai IDs in text', () => {
  it.each([
    ['plain', 'บัตรเลขที่ 1101700203409 ของนาง ก.', 1],
    ['dashes', 'เลขบัตร 1-1017-00203-40-9 ค่ะ', 1],
    ['spaces', 'เลขบัตร 1 1017 00203 40 9', 1],
    ['Thai digits', `เลขประจำตัว ${thaiDigits('1101700203409')}`, 1],
    ['Thai digits with dashes', `เลข ${thaiDigits('3-1006-00123-45-0')}`, 1],
    ['bad check digit passes', 'เลขบัตร 1-1017-00203-40-8', 0],
    ['14 digits is not an ID', 'บัญชี 11017002034091', 0],
    ['inside a longer run', 'รหัส 9-1101700203409', 0],
    ['two IDs', '1101700203409\n5700100023457', 2],
  ])('%s', (_name, text, count) => {
    expect(findPersonalData(text, 'body').filter((f) => f.kind === 'thai-id')).toHaveLength(count);
  });

  it('names the line and masks the number', () => {
    const [found] = findPersonalData('บรรทัดแรก\nบรรทัดสอง 1101700203409', 'body');
    expect(found).toEqual({ kind: 'thai-id', field: 'body', line: 2, masked: '110xxxxxxxx09' });
    const message = describePersonalData([found!], { body: 'เนื้อหาบันทึก' });
    expect(message).toContain('เลขประจำตัวประชาชน 13 หลัก');
    expect(message).toContain('เนื้อหาบันทึก บรรทัดที่ 2');
    expect(message).not.toContain('1101700203409');
  });
});

describe('mobile numbers', () => {
  it.each([
    ['081-234-5678', 1],
    ['0912345678', 1],
    ['06 1234 5678', 1],
    [thaiDigits('089-999-0000'), 1],
    ['02-123-4567', 0], // Bangkok landline
    ['0712345678', 0],
    ['08123456789', 0], // 11 digits
  ])('%s → %i', (text, count) => {
    expect(findPersonalData(`โทร ${text}`, 'body').filter((f) => f.kind === 'mobile')).toHaveLength(count);
  });
});
