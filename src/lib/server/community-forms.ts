/**
 * The community manage page's form actions (field `action`), each one call into the domain
 * modules, which check permissions and write the audit log. Returns what to tell the manager.
 */
import { communityPatchSchema, usernameInputSchema } from '../community-validation.ts';
import { handOverCommunity, setManager, setPinned, updateCommunity } from './community-admin.ts';
import { removeNoteFromCommunity, type CommunityRow } from './community.ts';
import { createInvitation, decideJoinRequest, revokeInvitation } from './community-membership.ts';
import { DomainError } from './errors.ts';
import { parseWith } from './web/http.ts';
import type { SessionUser } from './user.ts';

export interface ManageResult {
  message: string;
  /** A new invitation link to show once. */
  invitationUrl?: string;
}

const username = (form: Record<string, string>) => parseWith(usernameInputSchema, form).username;
const positiveId = (raw: string | undefined, what: string) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError(400, `ไม่พบ${what}ที่เลือก`);
  return id;
};

export function runManageAction(user: SessionUser, community: CommunityRow, form: Record<string, string>): ManageResult {
  switch (form.action) {
    case 'update':
      updateCommunity(
        user,
        community,
        parseWith(communityPatchSchema, { name: form.name, description: form.description ?? '', joinPolicy: form.joinPolicy }),
      );
      return { message: 'บันทึกการตั้งค่าชุมชนแล้ว (ที่อยู่ของชุมชนยังเหมือนเดิม)' };
    case 'archive':
    case 'unarchive':
      updateCommunity(user, community, { archived: form.action === 'archive' });
      return { message: form.action === 'archive' ? 'เก็บชุมชนเข้าคลังแล้ว ชุมชนยังอ่านได้แต่เพิ่มหรือแก้ไขไม่ได้' : 'นำชุมชนออกจากคลังแล้ว' };
    case 'hand-over':
      handOverCommunity(user, community, username(form));
      return { message: `ส่งมอบชุมชนให้ @${username(form)} แล้ว คุณยังเป็นผู้ดูแลชุมชนอยู่` };
    case 'add-manager':
    case 'remove-manager':
      setManager(user, community, username(form), form.action === 'add-manager');
      return { message: form.action === 'add-manager' ? `แต่งตั้ง @${username(form)} เป็นผู้ดูแลแล้ว` : `ถอด @${username(form)} จากผู้ดูแลแล้ว` };
    case 'approve':
    case 'decline':
      decideJoinRequest(user, community, username(form), form.action);
      return { message: form.action === 'approve' ? `รับ @${username(form)} เป็นสมาชิกแล้ว` : `ไม่อนุมัติคำขอของ @${username(form)} แล้ว` };
    case 'invite-user':
      createInvitation(user, community, username(form));
      return { message: `ส่งคำเชิญถึง @${username(form)} แล้ว (แจ้งในเว็บและทางอีเมลหากเขาเปิดรับไว้ คำเชิญใช้ได้ 7 วัน)` };
    case 'invite-link': {
      const { url } = createInvitation(user, community);
      return { message: 'สร้างลิงก์เชิญแล้ว คัดลอกไปส่งได้เลย ลิงก์ใช้ได้ 7 วัน และยกเลิกได้ทุกเมื่อ', invitationUrl: url };
    }
    case 'revoke':
      revokeInvitation(user, community, positiveId(form.invitationId, 'คำเชิญ'));
      return { message: 'ยกเลิกคำเชิญแล้ว ลิงก์นั้นใช้ไม่ได้อีก' };
    case 'pin':
    case 'unpin':
      setPinned(user, community, positiveId(form.noteId, 'บันทึก'), form.action === 'pin');
      return { message: form.action === 'pin' ? 'ปักหมุดบันทึกแล้ว' : 'เลิกปักหมุดแล้ว' };
    case 'remove-note':
      removeNoteFromCommunity(user, community, positiveId(form.noteId, 'บันทึก'));
      return { message: 'นำบันทึกออกจากชุมชนแล้ว (บันทึกยังอยู่ในหน้าของผู้เขียน)' };
    default:
      throw new DomainError(400, 'ไม่รู้จักคำสั่งนี้ กรุณาลองใหม่จากหน้าจัดการชุมชน');
  }
}
