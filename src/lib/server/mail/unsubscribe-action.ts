/** Turning off mail kinds from a signed unsubscribe link (no sign-in: the token is the authority). */
import { DomainError } from '../errors.ts';
import { MAIL_KIND_INFO, type MailKind } from './kinds.ts';
import { setMailSettings } from './settings.ts';
import { readUnsubscribeToken } from './unsubscribe.ts';

const BAD_UNSUBSCRIBE_LINK = 'ลิงก์เลิกรับอีเมลนี้ไม่ถูกต้อง กรุณาเปิดลิงก์จากอีเมลอีกครั้ง หรือเข้าสู่ระบบแล้วตั้งค่าที่หน้าตั้งค่าบัญชี';

/** The kinds a token would turn off, with their Thai labels; 400 for a link this site did not sign. */
export function describeUnsubscribe(token: string): { userId: number; kinds: MailKind[]; labels: string[] } {
  const parsed = readUnsubscribeToken(token);
  if (!parsed) throw new DomainError(400, BAD_UNSUBSCRIBE_LINK);
  return { ...parsed, labels: parsed.kinds.map((k) => MAIL_KIND_INFO[k].label) };
}

/** Turns off exactly the kinds the token names. Idempotent. */
export function unsubscribe(token: string): { kinds: MailKind[]; labels: string[] } {
  const { userId, kinds, labels } = describeUnsubscribe(token);
  setMailSettings(userId, Object.fromEntries(kinds.map((k) => [k, 'off'])));
  return { kinds, labels };
}
