/**
 * Refuses passwords that appear in breach corpora (ASVS 2.1.7): the ~49,000 most common leaked
 * passwords shipped with @zxcvbn-ts/language-common (about 18,000 of them are 8+ characters).
 * Loaded on first use, then kept as a Set.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from './errors.ts';

export const COMMON_PASSWORD_MESSAGE = 'รหัสผ่านนี้อยู่ในรายการรหัสผ่านที่รั่วไหลและถูกใช้บ่อย กรุณาตั้งรหัสผ่านอื่น เช่น ประโยคสั้น ๆ ที่จำง่าย';

let common: Set<string> | undefined;

/** True when `password` (case-insensitive) is one of the commonly leaked passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.normalize('NFKC').toLowerCase());
}

/** Throws a 400 with a Thai message on `field` when the password is commonly leaked. */
export function assertNotCommonPassword(password: string, field: string): void {
  if (isCommonPassword(password)) throw new DomainError(400, COMMON_PASSWORD_MESSAGE, { [field]: COMMON_PASSWORD_MESSAGE });
}
