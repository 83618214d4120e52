/**
 * The runtime facts the privacy notice states (content/legal/privacy.mdx takes them as props): the
 * controller's contact, the grace period, how long backups and the replica keep erased data, and
 * who receives data. Read from the configuration, so the notice always says what this site does.
 */
import { getConfig } from './config.ts';

/** Litestream's default retention of point-in-time history (docs/deploy.md §5). */
const REPLICA_RETENTION_HOURS = 24;
/**
 * The replica's uploads/ folder only ever gains files: the operator's weekly sweep removes copies of
 * files the site deleted (docs/deploy.md §7). The notice promises no longer than this.
 */
const UPLOAD_REPLICA_SWEEP_DAYS = 7;

export interface PrivacyNoticeFacts {
  version: number;
  contact: string;
  graceDays: string;
  backupKeep: number;
  replica: string;
  replicaStore: string;
  mail: string;
}

export function privacyNoticeFacts(version: number): PrivacyNoticeFacts {
  const config = getConfig();
  const replica = config.replica;
  return {
    version,
    contact: config.privacyContact ?? 'ผู้ดูแลเว็บไซต์นี้ (ยังไม่ได้ระบุช่องทางติดต่อ กรุณาแจ้งผู้ดูแลระบบของหน่วยงานคุณ)',
    graceDays: config.accountDeletionGraceDays === 0 ? 'ไม่รอ (ลบทันที)' : String(config.accountDeletionGraceDays),
    backupKeep: config.backupKeep,
    replica: replica
      ? `ฐานข้อมูลเก็บประวัติย้อนหลัง ${REPLICA_RETENTION_HOURS} ชั่วโมง ข้อมูลที่ลบแล้วหายจากสำเนาฐานข้อมูลภายใน ${REPLICA_RETENTION_HOURS} ชั่วโมงหลังการลบ สำเนาไฟล์ที่อัปโหลดถูกลบตามรอบที่ผู้ดูแลตั้งไว้ (ไม่เกิน ${UPLOAD_REPLICA_SWEEP_DAYS} วัน)`
      : 'เว็บไซต์นี้ไม่ได้เปิดใช้สำเนาต่อเนื่อง',
    replicaStore: replica
      ? replica.kind === 's3'
        ? `ที่เก็บข้อมูลแบบ S3 ${config.s3.endpoint ? new URL(config.s3.endpoint).host : 'Amazon S3'} (สำเนาฐานข้อมูลและไฟล์ที่อัปโหลด)`
        : 'ดิสก์สำรองของเซิร์ฟเวอร์เดียวกัน (ไม่ส่งออกไปภายนอก)'
      : 'ไม่มี',
    mail: config.smtp ? `เซิร์ฟเวอร์อีเมล ${config.smtp.host} ได้รับที่อยู่อีเมล ชื่อที่แสดง และเนื้อหาอีเมลที่ส่งถึงคุณ` : 'ยังไม่ได้ตั้งค่า (เว็บไซต์นี้ยังไม่ส่งอีเมล)',
  };
}
