import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, gradePassword } from '~/lib/password-strength.ts';
import { LIMITS } from '~/lib/validation.ts';

describe('password strength hint', () => {
  it('uses the same minimum length as the server', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(LIMITS.passwordMin);
  });
  it('grades by length and variety', () => {
    expect(gradePassword('')).toBe('empty');
    expect(gradePassword('abc')).toBe('too-short');
    expect(gradePassword('aaaaaaaaaa')).toBe('weak');
    expect(gradePassword('abcdefgh')).toBe('weak');
    expect(gradePassword('abcdefg1')).toBe('fair');
    expect(gradePassword('Kaen-2568x')).toBe('good');
    expect(gradePassword('ลงพื้นที่บ้านโนนสูงทุกเดือน')).toBe('good');
  });
});
