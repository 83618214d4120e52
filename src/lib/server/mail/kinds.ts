/**
 * Every kind of mail a member can choose about, its default, and which in-site notification kind
 * it governs. A new notification kind needs one line in MAIL_KIND_OF (and its label in
 * NOTIFICATION_LABELS); the mail itself is composed generically from the notification.
 * NOTE: a kind's name is one word of a-z: unsubscribe tokens join several with '-' (unsubscribe.ts).
 */
import type { NotificationKind } from '~db/schema.ts';

export const MAIL_KINDS = [
  'reply',
  'comment',
  'mention',
  'approved',
  'watch',
  'invitation',
  'request',
  'decision',
  'follows',
  'moderation',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailMode = 'immediate' | 'daily' | 'weekly' | 'off';

/**
 * The mail setting that decides what happens to each kind of in-site notification. A kind without
 * a line here is not mailed (appreciation: in-site only, batched per note per day).
 */
export const MAIL_KIND_OF: Partial<Record<NotificationKind, MailKind>> = {
  comment: 'comment',
  reply: 'reply',
  mention: 'mention',
  approved: 'approved',
  watch: 'watch',
  'community-invitation': 'invitation',
  'join-request': 'request',
  'join-approved': 'decision',
  'join-declined': 'decision',
  moderation: 'moderation',
};

interface MailKindInfo {
  label: string;
  default: MailMode;
  /** The choices the settings page offers for this kind. */
  modes: readonly MailMode[];
}

const NOTIFICATION_MODES = ['immediate', 'daily', 'off'] as const;

export const MAIL_KIND_INFO: Record<MailKind, MailKindInfo> = {
  reply: { label: 'มีผู้ตอบความเห็นของฉัน', default: 'immediate', modes: NOTIFICATION_MODES },
  comment: { label: 'มีผู้แสดงความเห็นในบันทึกของฉัน', default: 'immediate', modes: NOTIFICATION_MODES },
  mention: { label: 'มีผู้กล่าวถึงฉันด้วย @ชื่อผู้ใช้', default: 'immediate', modes: NOTIFICATION_MODES },
  approved: { label: 'ความเห็นที่รอการอนุมัติของฉันได้รับการอนุมัติแล้ว', default: 'immediate', modes: NOTIFICATION_MODES },
  watch: { label: 'ความเห็นใหม่ในบันทึกที่ฉันติดตาม', default: 'daily', modes: NOTIFICATION_MODES },
  invitation: { label: 'มีผู้เชิญฉันเข้าร่วมชุมชน', default: 'immediate', modes: NOTIFICATION_MODES },
  request: { label: 'มีผู้ขอเข้าร่วมชุมชนที่ฉันดูแล', default: 'immediate', modes: NOTIFICATION_MODES },
  decision: { label: 'ผลคำขอเข้าร่วมชุมชนของฉัน (อนุมัติหรือไม่อนุมัติ)', default: 'immediate', modes: NOTIFICATION_MODES },
  moderation: { label: 'ผู้ดูแลซ่อนบันทึกหรือความเห็นของฉัน (พร้อมเหตุผล)', default: 'immediate', modes: NOTIFICATION_MODES },
  follows: { label: 'สรุปบันทึกใหม่จากคนและชุมชนที่ฉันติดตาม', default: 'off', modes: ['daily', 'weekly', 'off'] },
};

export const MAIL_MODE_LABELS: Record<MailMode, string> = {
  immediate: 'ส่งทันที',
  daily: 'รวมในอีเมลสรุปรายวัน',
  weekly: 'สรุปรายสัปดาห์',
  off: 'ไม่ส่ง',
};

export const isMailKind = (value: string): value is MailKind => (MAIL_KINDS as readonly string[]).includes(value);
