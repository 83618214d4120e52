/**
 * What a community's owner and managers do: the owner renames (the slug stays, so links keep
 * working), describes, sets the join policy, archives (read-only, still readable), names managers
 * and hands the community over; managers pin up to MAX_PINNED_NOTES notes. Every action is written
 * to the audit log in the same transaction.
 */
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { communities, communityMembers, communityNotes, users } from '~db/schema.ts';
import type { CommunityPatch } from '../community-validation.ts';
import { writeAudit, type AuditAction } from './audit.ts';
import { communityResource } from './community-access.ts';
import { forgetCommunityIndex, isMember, type CommunityRow } from './community.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';

const MAX_PINNED_NOTES = 3;
const ARCHIVED = 'ชุมชนนี้อยู่ในคลัง (อ่านอย่างเดียว) นำออกจากคลังก่อนจึงจะแก้ไขได้';

function requireOwner(user: SessionUser | null, community: CommunityRow): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'community:edit', communityResource(user.id, community))) throw forbidden('ทำได้เฉพาะเจ้าของชุมชน');
  return user;
}

/** Applies the owner's changes; archiving and un-archiving are the only changes an archived community takes. */
export function updateCommunity(actor: SessionUser | null, community: CommunityRow, patch: CommunityPatch): CommunityRow {
  const user = requireOwner(actor, community);
  const edits = { name: patch.name, description: patch.description, joinPolicy: patch.joinPolicy };
  const editing = Object.values(edits).some((v) => v !== undefined);
  if (!editing && patch.archived === undefined) throw new DomainError(400, 'ไม่มีข้อมูลที่จะแก้ไข กรุณาระบุอย่างน้อยหนึ่งช่อง เช่น name หรือ joinPolicy');
  const archivedAfter = patch.archived ?? community.archivedAt != null;
  if (editing && archivedAfter) throw new DomainError(409, ARCHIVED);
  const db = getDb();
  if (
    patch.name &&
    patch.name !== community.name &&
    db.select({ id: communities.id }).from(communities).where(eq(communities.name, patch.name)).get()
  ) {
    throw new DomainError(409, 'มีชุมชนชื่อนี้แล้ว กรุณาตั้งชื่ออื่น', { name: 'มีชุมชนชื่อนี้แล้ว กรุณาตั้งชื่ออื่น' });
  }
  forgetCommunityIndex();
  return writeTransaction(() => {
    const audit = (action: AuditAction, detail: string) =>
      writeAudit({ actorId: user.id, action, targetType: 'community', targetId: community.id, detail });
    if (editing) {
      db.update(communities).set(edits).where(eq(communities.id, community.id)).run();
      const changed = [
        patch.name !== undefined && patch.name !== community.name && `ชื่อ: ${community.name} → ${patch.name}`,
        patch.description !== undefined && patch.description !== community.description && 'คำอธิบาย',
        patch.joinPolicy !== undefined &&
          patch.joinPolicy !== community.joinPolicy &&
          `วิธีรับสมาชิก: ${community.joinPolicy} → ${patch.joinPolicy}`,
      ]
        .filter(Boolean)
        .join(' · ');
      audit('community:update', changed || 'ไม่มีการเปลี่ยนแปลง');
    }
    if (patch.archived !== undefined && patch.archived !== (community.archivedAt != null)) {
      db.update(communities)
        .set({ archivedAt: patch.archived ? new Date() : null })
        .where(eq(communities.id, community.id))
        .run();
      audit(patch.archived ? 'community:archive' : 'community:unarchive', community.name);
    }
    return db.select().from(communities).where(eq(communities.id, community.id)).get()!;
  });
}

function requireMemberByUsername(community: CommunityRow, username: string): { id: number; username: string } {
  const row = getDb().select({ id: users.id, username: users.username }).from(users).where(eq(users.username, username)).get();
  if (!row) throw new DomainError(404, `ไม่พบสมาชิกชื่อผู้ใช้ "${username}"`, { username: 'ไม่พบสมาชิกชื่อผู้ใช้นี้' });
  if (!isMember(row.id, community.id))
    throw new DomainError(409, `@${row.username} ยังไม่ได้เป็นสมาชิกชุมชนนี้ เชิญให้เข้าร่วมก่อน`, { username: 'ยังไม่ได้เป็นสมาชิก' });
  return row;
}

/** The owner names a member a manager, or takes the role back. */
export function setManager(actor: SessionUser | null, community: CommunityRow, username: string, manager: boolean): void {
  const user = requireOwner(actor, community);
  if (community.archivedAt) throw new DomainError(409, ARCHIVED);
  const member = requireMemberByUsername(community, username);
  if (member.id === community.ownerId) throw new DomainError(409, 'เจ้าของชุมชนเป็นผู้ดูแลอยู่แล้ว');
  writeTransaction(() => {
    getDb()
      .update(communityMembers)
      .set({ role: manager ? 'manager' : 'member' })
      .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.userId, member.id)))
      .run();
    writeAudit({
      actorId: user.id,
      action: manager ? 'community:add-manager' : 'community:remove-manager',
      targetType: 'community',
      targetId: community.id,
      detail: `@${member.username}`,
    });
  });
}

/** The owner hands the community to another member, and stays on as a manager. */
export function handOverCommunity(actor: SessionUser | null, community: CommunityRow, username: string): void {
  const user = requireOwner(actor, community);
  const member = requireMemberByUsername(community, username);
  if (member.id === community.ownerId) throw new DomainError(409, 'สมาชิกคนนี้เป็นเจ้าของชุมชนอยู่แล้ว');
  forgetCommunityIndex();
  const db = getDb();
  writeTransaction(() => {
    db.update(communities).set({ ownerId: member.id }).where(eq(communities.id, community.id)).run();
    db.update(communityMembers)
      .set({ role: 'manager' })
      .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.userId, member.id)))
      .run();
    db.insert(communityMembers)
      .values({ communityId: community.id, userId: community.ownerId, role: 'manager' })
      .onConflictDoUpdate({ target: [communityMembers.communityId, communityMembers.userId], set: { role: 'manager' } })
      .run();
    writeAudit({
      actorId: user.id,
      action: 'community:hand-over',
      targetType: 'community',
      targetId: community.id,
      detail: `→ @${member.username}`,
    });
  });
}

/** A manager pins a note of the community to its top (at most MAX_PINNED_NOTES), or unpins it. */
export function setPinned(actor: SessionUser | null, community: CommunityRow, noteId: number, pinned: boolean): void {
  if (!actor) throw needLogin();
  if (!can(actor, 'community:manage', communityResource(actor.id, community))) {
    throw forbidden(community.archivedAt ? 'ชุมชนนี้ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว)' : 'ปักหมุดได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
  }
  const db = getDb();
  const inCommunity = and(eq(communityNotes.communityId, community.id), eq(communityNotes.noteId, noteId));
  writeTransaction(() => {
    const row = db.select({ pinnedAt: communityNotes.pinnedAt }).from(communityNotes).where(inCommunity).get();
    if (!row) throw notFound('บันทึกนี้ในชุมชน');
    if (pinned === (row.pinnedAt != null)) return;
    if (pinned) {
      const pinnedCount =
        db
          .select({ n: count() })
          .from(communityNotes)
          .where(and(eq(communityNotes.communityId, community.id), isNotNull(communityNotes.pinnedAt)))
          .get()?.n ?? 0;
      if (pinnedCount >= MAX_PINNED_NOTES) throw new DomainError(409, `ปักหมุดได้ไม่เกิน ${MAX_PINNED_NOTES} บันทึก เลิกปักหมุดบันทึกอื่นก่อน`);
    }
    db.update(communityNotes)
      .set({ pinnedAt: pinned ? new Date() : null })
      .where(inCommunity)
      .run();
    writeAudit({
      actorId: actor.id,
      action: pinned ? 'community:pin-note' : 'community:unpin-note',
      targetType: 'community',
      targetId: community.id,
      detail: `บันทึก #${noteId}`,
    });
  });
}
