/**
 * The audit log: every moderator and admin action, and every action of a community's owner and
 * managers, append-only. Admins read it at /admin/audit; a community's managers read its own part.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { auditLog, users } from '~db/schema.ts';

const AUDIT_ACTIONS = {
  'note:hide': 'ซ่อนบันทึก',
  'note:restore': 'เลิกซ่อนบันทึก',
  'comment:hide': 'ซ่อนความเห็น',
  'comment:restore': 'เลิกซ่อนความเห็น',
  'comment:approve': 'อนุมัติความเห็น',
  'report:dismiss': 'ยกรายงาน',
  'user:suspend': 'ระงับบัญชี',
  'user:restore': 'คืนสิทธิ์บัญชี',
  'user:reset-link': 'ออกลิงก์ตั้งรหัสผ่านใหม่',
  'user:erase': 'ลบข้อมูลบัญชีตามคำขอของสมาชิก (PDPA มาตรา 33)',
  'community:create': 'สร้างชุมชน',
  'community:update': 'แก้ไขชื่อ คำอธิบาย หรือวิธีรับสมาชิก',
  'community:archive': 'เก็บชุมชนเข้าคลัง (อ่านอย่างเดียว)',
  'community:unarchive': 'นำชุมชนออกจากคลัง',
  'community:hand-over': 'ส่งมอบความเป็นเจ้าของชุมชน',
  'community:add-manager': 'แต่งตั้งผู้ดูแลชุมชน',
  'community:remove-manager': 'ถอดผู้ดูแลชุมชน',
  'community:approve-member': 'อนุมัติคำขอเข้าร่วม',
  'community:decline-member': 'ไม่อนุมัติคำขอเข้าร่วม',
  'community:remove-note': 'นำบันทึกออกจากชุมชน',
  'community:pin-note': 'ปักหมุดบันทึก',
  'community:unpin-note': 'เลิกปักหมุดบันทึก',
  'community:invite': 'เชิญเข้าร่วมชุมชน',
  'community:revoke-invitation': 'ยกเลิกคำเชิญ',
  'community:set-cover': 'เปลี่ยนภาพปกชุมชน',
  'community:remove-cover': 'นำภาพปกชุมชนออก',
  'event:create': 'สร้างเวที/กิจกรรม',
  'event:update': 'แก้ไขเวที/กิจกรรม',
  'event:official-aar': 'กำหนด AAR ทางการของผู้จัด',
  'question:accept': 'เลือกคำตอบที่ใช่แทนผู้ถาม',
  'asset:undo': 'ย้อนการแก้ไขคลังความรู้',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
type AuditTarget = 'note' | 'comment' | 'user' | 'report' | 'community' | 'event' | 'asset';

const AUDIT_PER_PAGE = 50;

export interface AuditEntry {
  actorId: number | null;
  action: AuditAction;
  targetType: AuditTarget;
  targetId: number;
  detail?: string;
}

/** Appends one entry. Call it in the same transaction as the action it records. */
export function writeAudit(entry: AuditEntry): void {
  getDb()
    .insert(auditLog)
    .values({ ...entry, detail: entry.detail ?? '', createdAt: new Date() })
    .run();
}

export interface AuditView {
  id: number;
  action: AuditAction;
  label: string;
  targetType: string;
  targetId: number;
  detail: string;
  createdAt: Date;
  actor: { username: string; displayName: string } | null;
}

/** Newest first, one page at a time. */
export function listAuditLog(page = 1, perPage = AUDIT_PER_PAGE): { items: AuditView[]; page: number; pageCount: number } {
  const db = getDb();
  page = Number.isSafeInteger(page) && page > 0 ? page : 1;
  const rows = db
    .select({ entry: auditLog, username: users.username, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorId, users.id))
    .orderBy(desc(auditLog.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(auditLog)
      .get()?.n ?? 0;
  return {
    page,
    pageCount: Math.max(1, Math.ceil(total / perPage)),
    items: rows.map(({ entry, username, displayName }) => ({
      id: entry.id,
      action: entry.action as AuditAction,
      label: AUDIT_ACTIONS[entry.action as AuditAction] ?? entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      detail: entry.detail,
      createdAt: entry.createdAt,
      actor: username && displayName ? { username, displayName } : null,
    })),
  };
}

/** A community's own entries (its managers' actions), newest first. */
export function listCommunityAudit(communityId: number, limit = AUDIT_PER_PAGE): AuditView[] {
  return getDb()
    .select({ entry: auditLog, username: users.username, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorId, users.id))
    .where(and(eq(auditLog.targetType, 'community'), eq(auditLog.targetId, communityId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
    .map(({ entry, username, displayName }) => ({
      id: entry.id,
      action: entry.action as AuditAction,
      label: AUDIT_ACTIONS[entry.action as AuditAction] ?? entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      detail: entry.detail,
      createdAt: entry.createdAt,
      actor: username && displayName ? { username, displayName } : null,
    }));
}
