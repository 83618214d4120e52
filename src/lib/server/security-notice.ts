/**
 * Mail telling a person that their sign-in details changed (ASVS 2.2.3), so a takeover does not go
 * unnoticed. Sent in the background when SMTP is configured; a failure is logged, never shown.
 */
import { html } from '../html.ts';
import { isMailConfigured, sendMail } from './mail.ts';
import { enqueueMail } from './mail/outbox.ts';
import { absoluteUrl } from './site.ts';

export type SecurityChange = 'password-reset' | 'password-changed' | 'email-changed';

const WHAT: Record<SecurityChange, string> = {
  'password-reset': 'รหัสผ่านของบัญชีถูกตั้งใหม่ด้วยลิงก์ทางอีเมล และทุกอุปกรณ์ถูกออกจากระบบแล้ว',
  'password-changed': 'รหัสผ่านของบัญชีถูกเปลี่ยนจากหน้าตั้งค่า และอุปกรณ์อื่นถูกออกจากระบบแล้ว',
  'email-changed': 'อีเมลของบัญชีถูกเปลี่ยนเป็นที่อยู่ใหม่ ข้อความนี้ส่งมาที่อีเมลเดิมของคุณ',
};

/**
 * Tells the owner (`ownerId`) of `to` that someone tried to use their address for another account,
 * instead of telling that someone the address is taken (which would reveal who is a member).
 * Through the outbox, like every other mail: the request does not wait on SMTP either way.
 */
export function sendEmailInUseNotice(to: string, ownerId: number): void {
  if (!isMailConfigured()) return;
  const lines = [
    'มีผู้พยายามใช้อีเมลนี้กับบัญชีอื่นที่บันทึก แต่อีเมลนี้ใช้กับบัญชีของคุณอยู่แล้ว จึงไม่ได้เปลี่ยนแปลงอะไร',
    'ถ้าเป็นคุณเอง ให้เข้าสู่ระบบด้วยบัญชีเดิม หรือตั้งรหัสผ่านใหม่ที่ ' + absoluteUrl('/forgot-password'),
    'ถ้าไม่ใช่คุณ ไม่ต้องทำอะไร',
  ];
  enqueueMail({
    userId: ownerId,
    kind: 'email-in-use',
    to,
    subject: 'มีผู้พยายามใช้อีเมลของคุณที่บันทึก',
    headers: {},
    text: [lines[0], '', ...lines.slice(1)].join('\n'),
    html: lines.map((line) => html`<p>${line}</p>`.value).join('\n'),
  });
}

/** Mails `to` (if any) that `change` happened to @username; returns at once. */
export function sendSecurityNotice(to: string | null, username: string, change: SecurityChange): void {
  if (!to || !isMailConfigured()) return;
  const text = [
    `บัญชี @${username} ที่บันทึก: ${WHAT[change]}`,
    '',
    'ถ้าเป็นคุณเอง ไม่ต้องทำอะไร',
    `ถ้าไม่ใช่คุณ กรุณาตั้งรหัสผ่านใหม่ทันทีที่ ${absoluteUrl('/forgot-password')} และแจ้งผู้ดูแลระบบ`,
  ].join('\n');
  sendMail({ to, subject: 'แจ้งเตือนความปลอดภัย: ข้อมูลเข้าสู่ระบบของคุณเปลี่ยนไป', text }).catch((error: Error) => {
    console.error(JSON.stringify({ level: 'error', msg: 'security notice mail failed', change, error: String(error.cause ?? error) }));
  });
}
