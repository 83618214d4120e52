/**
 * The privacy notice's version and the names of what members consent to, shared by pages and the
 * server. Raise PRIVACY_NOTICE_VERSION whenever content/legal/privacy.mdx changes in substance: every
 * signed-in member is then asked once to read the new version (src/lib/server/consent.ts).
 */
import type { ConsentPurpose } from '~db/schema.ts';

export const PRIVACY_NOTICE_VERSION = 1;
export const PRIVACY_NOTICE_PATH = '/privacy';

/** The optional purposes a member switches on and off (the notice's acceptance is not a switch). */
export const OPTIONAL_PURPOSES = ['mail', 'directory'] as const satisfies readonly ConsentPurpose[];
export type OptionalPurpose = (typeof OPTIONAL_PURPOSES)[number];

export const CONSENT_LABELS: Record<ConsentPurpose, { label: string; hint: string }> = {
  'privacy-notice': { label: 'รับทราบประกาศความเป็นส่วนตัว', hint: 'ฉบับที่คุณอ่านและยอมรับ' },
  mail: {
    label: 'ส่งอีเมลแจ้งเตือนและอีเมลสรุปให้ฉัน',
    hint: 'ความเห็นใหม่ การตอบกลับ การกล่าวถึง และสรุปรายวัน/รายสัปดาห์ (อีเมลยืนยันที่อยู่และลิงก์ตั้งรหัสผ่านส่งเสมอ เพราะจำเป็นต่อบัญชี)',
  },
  directory: { label: 'แสดงฉันในทำเนียบคนทำงาน (/people)', hint: 'ชื่อ หน่วยงาน จังหวัด ตำแหน่ง และความเชี่ยวชาญ ค้นหาได้ในทำเนียบ' },
};

/** The placeholder shown instead of the name of a member who left (anonymised content). */
export const LEFT_MEMBER_NAME = 'สมาชิกที่ออกจากระบบแล้ว';
