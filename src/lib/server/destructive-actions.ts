/**
 * The "are you sure?" step of every delete, hide and leave. Buttons for these actions are GET
 * forms to /confirm?do=<action path>: without JavaScript that page asks; with it, a dialog asks
 * (src/scripts/confirm-dialog.ts) and posts straight to the action. The action routes themselves
 * stay one POST each, so the JSON API and scripts are unchanged.
 */
import { decodePath } from './web/request-headers.ts';
import { can } from './permissions.ts';
import { commentResource, getComment } from './comment.ts';
import { communityPath, getCommunityBySlug, isMember } from './community.ts';
import { forbidden, needLogin, notFound } from './errors.ts';
import { getNoteRow } from './note.ts';
import { describePageAction, PATH_SEGMENT } from './destructive-page-actions.ts';
import { findUpload } from './upload/list.ts';
import type { SessionUser } from './user.ts';
import { notePath } from '../paths.ts';

export interface ConfirmStep {
  /** Page heading and dialog title, a question. */
  question: string;
  /** What happens, and whether it can be undone. */
  consequence: string;
  confirmLabel: string;
  /** Where the confirmed POST goes, and the fields it carries (a name may repeat). */
  action: string;
  fields: [string, string][];
  /** Where "ยกเลิก" returns to. */
  backHref: string;
  /** A moderator's hide: ask the reason told to the author (issue 24), prefilled with this. */
  askReason?: string;
}

const quote = (title: string) => `“${title.length > 80 ? `${title.slice(0, 80)}…` : title}”`;

/**
 * Describes the confirmation for a destructive action, after checking that `user` may do it
 * (401/403/404 as the action itself would answer). `action` is the POST path, with the form's own
 * fields as a query for buttons inside a page's form (see destructive-page-actions.ts); `chosen`
 * holds what the member picked on that page. Unknown actions are 404.
 */
export function describeDestructiveAction(user: SessionUser | null, action: string, chosen = new URLSearchParams()): ConfirmStep {
  if (!user) throw needLogin();
  const [path = '', query = ''] = action.split('?', 2);
  const pageStep = describePageAction(user, path, new URLSearchParams(query), chosen);
  if (pageStep) return pageStep;
  let match = /^\/notes\/(\d{1,15})\/(delete|hide)$/.exec(path);
  if (match) {
    const noteId = Number(match[1]);
    const note = getNoteRow(noteId);
    if (!note || note.deletedAt) throw notFound('บันทึกนี้');
    const resource = { authorId: note.authorId, hidden: note.hiddenAt != null };
    if (match[2] === 'delete') {
      if (!can(user, 'note:delete', resource)) throw forbidden('ลบได้เฉพาะบันทึกของตนเอง');
      return {
        question: 'ลบบันทึกนี้หรือไม่?',
        confirmLabel: 'ลบบันทึก',
        action: path,
        fields: [],
        backHref: notePath(noteId),
        consequence: `บันทึก ${quote(note.title)} จะหายไปจากหน้าเว็บและการค้นหา หลังลบแล้วกด “เลิกทำ” เพื่อนำกลับมาได้`,
      };
    }
    if (!can(user, 'note:hide', resource)) throw forbidden('ซ่อนบันทึกได้เฉพาะผู้ดูแล');
    return {
      question: 'ซ่อนบันทึกนี้จากผู้อ่านหรือไม่?',
      confirmLabel: 'ซ่อนบันทึก',
      action: path,
      fields: [],
      backHref: notePath(noteId),
      consequence: `บันทึก ${quote(note.title)} จะเห็นได้เฉพาะผู้เขียนและผู้ดูแล ผู้เขียนจะได้รับแจ้งพร้อมเหตุผล ผู้ดูแลนำกลับมาแสดงได้ภายหลัง`,
      askReason: chosen.get('reason') ?? '',
    };
  }
  match = /^\/comments\/(\d{1,15})\/(delete|hide)$/.exec(path);
  if (match) {
    const comment = getComment(Number(match[1]));
    const note = comment && getNoteRow(comment.noteId);
    if (!comment || !note || comment.deletedAt) throw notFound('ความเห็นนี้');
    const backHref = `${notePath(note.id)}#comment-${comment.id}`;
    if (match[2] === 'delete') {
      if (!can(user, 'comment:delete', { authorId: comment.authorId })) throw forbidden('ลบได้เฉพาะความเห็นของตนเอง');
      return {
        question: 'ลบความเห็นนี้หรือไม่?',
        confirmLabel: 'ลบความเห็น',
        action: path,
        fields: [],
        backHref,
        consequence: 'ความเห็นจะถูกแทนด้วยข้อความ “ความเห็นนี้ถูกลบแล้ว” หลังลบแล้วกด “เลิกทำ” เพื่อนำกลับมาได้',
      };
    }
    if (!can(user, 'comment:hide', commentResource(comment, note.authorId))) throw forbidden('ซ่อนความเห็นได้เฉพาะเจ้าของบันทึกหรือผู้ดูแล');
    const moderating = can(user, 'moderate');
    return {
      question: 'ซ่อนความเห็นนี้หรือไม่?',
      confirmLabel: 'ซ่อนความเห็น',
      action: path,
      fields: [],
      backHref,
      consequence: `ผู้อ่านทั่วไปจะไม่เห็นความเห็นนี้${moderating ? ' ผู้เขียนจะได้รับแจ้งพร้อมเหตุผล' : ''} เจ้าของบันทึกหรือผู้ดูแลนำกลับมาแสดงได้ภายหลัง`,
      ...(moderating ? { askReason: chosen.get('reason') ?? '' } : {}),
    };
  }
  match = new RegExp(`^/communities/${PATH_SEGMENT}/membership$`).exec(path);
  if (match) {
    const slug = decodePath(match[1]!);
    const community = slug === undefined ? undefined : getCommunityBySlug(slug);
    if (!community) throw notFound('ชุมชนนี้');
    if (!isMember(user.id, community.id)) throw forbidden('คุณไม่ได้เป็นสมาชิกของชุมชนนี้');
    return {
      question: `ออกจากชุมชน ${quote(community.name)} หรือไม่?`,
      confirmLabel: 'ออกจากชุมชน',
      action: path,
      fields: [['action', 'leave']],
      backHref: communityPath(community.slug),
      consequence: 'บันทึกที่คุณนำเข้าชุมชนไว้ยังอยู่ คุณกลับมาเข้าร่วมใหม่ได้ทุกเมื่อ',
    };
  }
  if (path === '/settings/avatar/remove') {
    return {
      question: 'ลบรูปประจำตัวหรือไม่?',
      confirmLabel: 'ลบรูปประจำตัว',
      action: path,
      fields: [],
      backHref: '/settings#avatar',
      consequence: 'ข้างชื่อของคุณจะกลับไปแสดงอักษรย่อ อัปโหลดรูปใหม่ได้ทุกเมื่อ',
    };
  }
  match = /^\/settings\/uploads\/([0-9a-f]{32})\/delete$/.exec(path);
  if (match) {
    const upload = findUpload(match[1]!);
    if (!upload) throw notFound('ไฟล์นี้');
    if (!can(user, 'upload:delete', { authorId: upload.ownerId })) throw forbidden('ลบได้เฉพาะไฟล์ที่คุณอัปโหลดเอง');
    return {
      question: `ลบไฟล์ ${quote(upload.name)} หรือไม่?`,
      confirmLabel: 'ลบไฟล์',
      action: path,
      fields: [],
      backHref: '/settings#uploads',
      consequence: 'ไฟล์จะถูกลบถาวร บันทึกหรือความเห็นที่ใช้ไฟล์นี้จะไม่แสดงไฟล์อีก ลบแล้วนำกลับมาไม่ได้',
    };
  }
  throw notFound('คำสั่งนี้');
}
