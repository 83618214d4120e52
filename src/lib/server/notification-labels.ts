import type { NotificationKind } from '~db/schema.ts';

/**
 * What each kind of notification means, as members read it in settings and mail subjects.
 * NOTE: a leaf module so mail/compose.ts can use it without importing notification.ts (which
 * queues mail through the outbox, which composes: an import cycle).
 */
export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  comment: 'มีผู้แสดงความเห็นในบันทึกของฉัน',
  reply: 'มีผู้ตอบความเห็นของฉัน',
  mention: 'มีผู้กล่าวถึงฉันด้วย @ชื่อผู้ใช้',
  approved: 'ความเห็นที่รอการอนุมัติของฉันได้รับการอนุมัติแล้ว',
  'community-invitation': 'มีผู้เชิญฉันเข้าร่วมชุมชน',
  'join-request': 'มีผู้ขอเข้าร่วมชุมชนที่ฉันดูแล',
  'join-approved': 'คำขอเข้าร่วมชุมชนของฉันได้รับอนุมัติ',
  'join-declined': 'คำขอเข้าร่วมชุมชนของฉันไม่ได้รับอนุมัติ',
  watch: 'มีความเห็นใหม่ในบันทึกที่ฉันติดตาม',
  appreciation: 'มีผู้ให้กำลังใจบันทึกหรือความเห็นของฉัน (วันละครั้งต่อบันทึก)',
  moderation: 'ผู้ดูแลซ่อนบันทึกหรือความเห็นของฉัน (พร้อมเหตุผล)',
  'question-reminder': 'คำถามของฉันมีคำตอบแล้ว ยังไม่ได้เลือกคำตอบที่ใช่ (เตือนครั้งเดียวหลัง 7 วัน)',
};
