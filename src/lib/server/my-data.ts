/**
 * Every kind of data the site holds about a member, with how much of each (PDPA s.30: the right to
 * know). The settings page lists it; the export (export.ts) carries the same kinds.
 */
import { getDb } from '~db/client.ts';

export interface HeldData {
  label: string;
  detail: string;
}

/** [label, SQL counting the member's rows (@id is the user id)]. */
const COUNTED: [string, string][] = [
  ['บันทึกและ AAR (รวมฉบับร่างและที่ลบแล้ว)', 'SELECT count(*) FROM notes WHERE author_id = @id'],
  ['ฉบับแก้ไขก่อนหน้าของบันทึก', 'SELECT count(*) FROM note_revisions r JOIN notes n ON n.id = r.note_id WHERE n.author_id = @id'],
  ['ความเห็น', 'SELECT count(*) FROM comments WHERE author_id = @id'],
  ['ภาพและไฟล์ที่อัปโหลด', 'SELECT count(*) FROM uploads WHERE owner_id = @id'],
  ['ชุดบันทึก', 'SELECT count(*) FROM series WHERE author_id = @id'],
  ['ร่าง AAR ที่บันทึกอัตโนมัติ', 'SELECT count(*) FROM aar_drafts WHERE author_id = @id'],
  ['บันทึกที่เก็บไว้อ่าน', 'SELECT count(*) FROM bookmarks WHERE user_id = @id'],
  ['คนที่ฉันติดตาม', 'SELECT count(*) FROM user_follows WHERE follower_id = @id'],
  ['ชุมชนที่ฉันติดตาม', 'SELECT count(*) FROM community_follows WHERE follower_id = @id'],
  ['ชุมชนที่ฉันเป็นสมาชิก', 'SELECT count(*) FROM community_members WHERE user_id = @id'],
  ['เวทีที่ฉันเข้าร่วม', 'SELECT count(*) FROM event_attendees WHERE user_id = @id'],
  ['บันทึกที่ติดตามความเห็น', 'SELECT count(*) FROM note_watches WHERE user_id = @id'],
  [
    'การให้กำลังใจที่ฉันให้',
    'SELECT (SELECT count(*) FROM note_appreciations WHERE user_id = @id) + (SELECT count(*) FROM comment_appreciations WHERE user_id = @id)',
  ],
  ['การแจ้งเตือนถึงฉัน', 'SELECT count(*) FROM notifications WHERE user_id = @id'],
  ['รายงานเนื้อหาที่ฉันส่ง', 'SELECT count(*) FROM reports WHERE reporter_id = @id'],
  ['การตั้งค่าอีเมลแจ้งเตือน', 'SELECT count(*) FROM mail_settings WHERE user_id = @id'],
  // Address-verification mails are left out: whether one was sent would tell a new member that the
  // address they typed belongs to someone else (decision 1705: that is never revealed).
  ['อีเมลแจ้งเตือนถึงฉันในกล่องขาออก', "SELECT count(*) FROM mail_outbox WHERE user_id = @id AND kind != 'verify'"],
  ['อุปกรณ์ที่เข้าสู่ระบบอยู่ (เซสชัน)', 'SELECT count(*) FROM sessions WHERE user_id = @id'],
  ['บันทึกความยินยอม', 'SELECT count(*) FROM consent_records WHERE user_id = @id'],
];

/** What the site holds about `userId`, in the order the settings page shows it. */
export function describeHeldData(userId: number): HeldData[] {
  const sqlite = getDb().$client;
  const counted = COUNTED.map(([label, query]) => ({
    label,
    detail: `${(sqlite.prepare(query).pluck().get({ id: userId }) as number).toLocaleString('th-TH')} รายการ`,
  }));
  return [
    {
      label: 'ข้อมูลบัญชี',
      detail: 'ชื่อผู้ใช้ ชื่อที่แสดง รหัสผ่าน (เก็บเฉพาะค่าแฮช) อีเมล หน่วยงาน จังหวัด ตำแหน่ง แนะนำตัว ความเชี่ยวชาญ รูปประจำตัว บทบาท วันที่สมัคร',
    },
    ...counted,
    { label: 'คำขอลบบัญชี', detail: 'ถ้าคุณขอลบบัญชี: วันที่ขอ วันที่จะลบ และสิ่งที่เลือกทำกับบันทึก' },
    {
      label: 'บันทึกคำขอของเซิร์ฟเวอร์',
      detail: 'ที่อยู่ IP เวลา และหน้าที่เปิด อยู่ในบันทึกระบบ (ไม่อยู่ในไฟล์ดาวน์โหลด) เก็บไม่เกิน 90 วัน ตัวนับจำกัดจำนวนครั้งหมดอายุในหนึ่งวัน',
    },
  ];
}
