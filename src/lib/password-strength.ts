/**
 * A rough strength hint shown while a password is typed. It only guides; the server decides
 * (length limits and the leaked-password list, see server/common-passwords.ts).
 */
export type PasswordStrength = 'empty' | 'too-short' | 'weak' | 'fair' | 'good';

export const PASSWORD_STRENGTH_LABELS: Record<PasswordStrength, string> = {
  empty: '',
  'too-short': 'สั้นเกินไป: ต้องยาวอย่างน้อย 8 ตัวอักษร',
  weak: 'ความปลอดภัย: อ่อน — ลองใช้ประโยคสั้น ๆ ที่จำง่าย หรือผสมตัวเลขและสัญลักษณ์',
  fair: 'ความปลอดภัย: พอใช้ — ยาวขึ้นอีกนิดจะปลอดภัยกว่า',
  good: 'ความปลอดภัย: ดี',
};

const STRONG_LENGTH = 14;
/** NOTE: kept equal to LIMITS.passwordMin by a unit test; importing validation.ts would ship zod to the browser. */
export const PASSWORD_MIN_LENGTH = 8;

/** Grades a password by length and by how many kinds of characters it mixes. */
export function gradePassword(password: string): PasswordStrength {
  if (password.length === 0) return 'empty';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[\u0E00-\u0E7F]/, /[^a-zA-Z0-9\u0E00-\u0E7F]/].filter((re) => re.test(password)).length;
  const distinct = new Set(password).size;
  if (distinct <= 3) return 'weak';
  if (length >= STRONG_LENGTH || (length >= 10 && kinds >= 3)) return 'good';
  if (kinds >= 2) return 'fair';
  return 'weak';
}
