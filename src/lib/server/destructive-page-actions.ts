/**
 * Confirm steps for destructive buttons inside a page's own POST form (field `action`): the
 * moderation queue, a community's manage page and cover, a series' edit page, a note's community
 * box and a profile's suspend button. Their `do` carries the form's own fields as a query
 * (`/series/4/edit?action=delete`); fields the member chose on the page (ticked queue items, a
 * typed username) arrive as the /confirm page's other parameters.
 */
import type { ConfirmStep } from './destructive-actions.ts';
import { communityResource, getStanding } from './community-access.ts';
import { communityPath, getCommunityBySlug, type CommunityRow } from './community.ts';
import { DomainError, forbidden, notFound } from './errors.ts';
import { listVisibleContent } from './moderation.ts';
import { getNoteRow } from './note.ts';
import { decodePath } from './web/request-headers.ts';
import { can } from './permissions.ts';
import { getSeries, seriesPath } from './series.ts';
import { getUserById, getUserByUsername, type SessionUser } from './user.ts';
import { notePath, userPath } from '../paths.ts';
import { parseQueueTargets } from '../validation.ts';

/**
 * Thrown when the member asked before choosing (a queue action with nothing ticked): /confirm sends
 * them back to the page, which says so inline, instead of a dead-end error page (issue 24).
 */
export class ChooseFirst extends DomainError {
  constructor(
    message: string,
    readonly back: string,
  ) {
    super(400, message);
  }
}

type Describe = (user: SessionUser, match: RegExpExecArray, query: URLSearchParams, chosen: URLSearchParams) => ConfirmStep;

const quote = (title: string) => `“${title.length > 80 ? `${title.slice(0, 80)}…` : title}”`;
const positiveId = (raw: string | null) => {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};
const unknownAction = () => notFound('คำสั่งนี้');

function managedCommunity(user: SessionUser, slug: string): CommunityRow {
  const community = getCommunityBySlug(decodePath(slug) ?? '');
  if (!community) throw notFound('ชุมชนนี้');
  const allowed = getStanding(user.id, community).isManager || can(user, 'community:edit', communityResource(user.id, community));
  if (!allowed) throw forbidden('คำสั่งนี้สำหรับเจ้าของและผู้ดูแลชุมชน');
  return community;
}

const describeManageAction: Describe = (user, match, query, chosen) => {
  const community = managedCommunity(user, match[1]!);
  const action = `${communityPath(community.slug)}/manage`;
  const backHref = action;
  const name = quote(community.name);
  switch (query.get('action')) {
    case 'remove-note': {
      const note = getNoteRow(positiveId(query.get('noteId')) ?? 0);
      if (!note) throw notFound('บันทึกนี้');
      return {
        question: `นำบันทึกออกจากชุมชน ${name} หรือไม่?`,
        confirmLabel: 'นำออกจากชุมชน',
        action,
        backHref,
        fields: [
          ['action', 'remove-note'],
          ['noteId', String(note.id)],
        ],
        consequence: `บันทึก ${quote(note.title)} จะไม่แสดงในชุมชนนี้อีก บันทึกยังอยู่ในหน้าของผู้เขียน และผู้เขียนส่งเข้าชุมชนใหม่ได้`,
      };
    }
    case 'revoke': {
      const id = positiveId(query.get('invitationId'));
      if (!id) throw notFound('คำเชิญนี้');
      return {
        question: 'ยกเลิกคำเชิญนี้หรือไม่?',
        confirmLabel: 'ยกเลิกคำเชิญ',
        action,
        backHref,
        fields: [
          ['action', 'revoke'],
          ['invitationId', String(id)],
        ],
        consequence: 'ลิงก์หรือคำเชิญนี้จะใช้เข้าร่วมชุมชนไม่ได้อีก หากต้องการเชิญอีกครั้งต้องสร้างคำเชิญใหม่',
      };
    }
    case 'remove-manager':
    case 'hand-over': {
      const handOver = query.get('action') === 'hand-over';
      const username = (handOver ? chosen.get('username') : query.get('username'))?.trim().replace(/^@/, '') ?? '';
      const member = getUserByUsername(username);
      if (!member) throw new DomainError(400, 'ไม่พบสมาชิกชื่อผู้ใช้นี้ กรุณากลับไปตรวจชื่อผู้ใช้อีกครั้ง');
      const who = `${member.displayName} (@${member.username})`;
      return handOver
        ? {
            question: `ส่งมอบชุมชน ${name} ให้ ${who} หรือไม่?`,
            confirmLabel: 'ส่งมอบชุมชน',
            action,
            backHref,
            fields: [
              ['action', 'hand-over'],
              ['username', member.username],
            ],
            consequence: `${who} จะเป็นเจ้าของชุมชนแทนคุณ คุณยังเป็นผู้ดูแลอยู่ แต่จะเอาความเป็นเจ้าของคืนได้เมื่อเจ้าของใหม่ส่งมอบกลับเท่านั้น`,
          }
        : {
            question: `ถอด ${who} จากผู้ดูแลหรือไม่?`,
            confirmLabel: 'ถอดจากผู้ดูแล',
            action,
            backHref,
            fields: [
              ['action', 'remove-manager'],
              ['username', member.username],
            ],
            consequence: `${who} ยังเป็นสมาชิกของชุมชน แต่จัดการชุมชนไม่ได้อีก แต่งตั้งกลับได้ภายหลัง`,
          };
    }
    case 'archive':
      return {
        question: `เก็บชุมชน ${name} เข้าคลังหรือไม่?`,
        confirmLabel: 'เก็บเข้าคลัง',
        action,
        backHref,
        fields: [['action', 'archive']],
        consequence: 'ชุมชนจะอ่านได้อย่างเดียว สมาชิกส่งบันทึกหรือแก้ไขอะไรในชุมชนไม่ได้ จนกว่าจะนำออกจากคลัง',
      };
    default:
      throw unknownAction();
  }
};

const describeCoverRemoval: Describe = (user, match, query) => {
  const community = managedCommunity(user, match[1]!);
  if (query.get('action') !== 'remove') throw unknownAction();
  const path = communityPath(community.slug);
  return {
    question: `นำภาพปกของชุมชน ${quote(community.name)} ออกหรือไม่?`,
    confirmLabel: 'นำภาพปกออก',
    action: `${path}/cover`,
    fields: [['action', 'remove']],
    backHref: `${path}/manage#cover`,
    consequence: 'หน้าชุมชนและรายชื่อชุมชนจะไม่แสดงภาพปก อัปโหลดภาพใหม่ได้ทุกเมื่อ',
  };
};

const describeSeriesAction: Describe = (user, match, query) => {
  const detail = getSeries(user, Number(match[1]));
  if (!can(user, 'series:edit', { authorId: detail.author.id })) throw forbidden('แก้ไขได้เฉพาะชุดบันทึกของตนเอง');
  const action = `${seriesPath(detail.id)}/edit`;
  if (query.get('action') === 'delete') {
    return {
      question: `ลบชุดบันทึก ${quote(detail.title)} หรือไม่?`,
      confirmLabel: 'ลบชุดบันทึก',
      action,
      backHref: action,
      fields: [['action', 'delete']],
      consequence: `ชุดและลำดับตอนจะหายไป บันทึกทั้ง ${detail.notes.length} ตอนในชุดยังอยู่ครบ ลบแล้วนำชุดกลับมาไม่ได้`,
    };
  }
  const note = query.get('action') === 'remove' && detail.notes.find((n) => n.id === positiveId(query.get('noteId')));
  if (!note) throw unknownAction();
  return {
    question: `เอาบันทึกออกจากชุด ${quote(detail.title)} หรือไม่?`,
    confirmLabel: 'เอาออกจากชุด',
    action,
    backHref: action,
    fields: [
      ['action', 'remove'],
      ['noteId', String(note.id)],
    ],
    consequence: `บันทึก ${quote(note.title)} ยังอยู่ แต่จะไม่เป็นตอนหนึ่งของชุดนี้ เพิ่มกลับเข้าชุดได้ภายหลัง`,
  };
};

const describeNoteUnfiling: Describe = (user, match, query) => {
  const note = getNoteRow(Number(match[1]));
  if (!note || note.deletedAt) throw notFound('บันทึกนี้');
  if (!can(user, 'note:edit', { authorId: note.authorId })) throw forbidden('นำออกได้เฉพาะบันทึกของตนเอง');
  const community = getCommunityBySlug(query.get('community') ?? '');
  if (!community || query.get('action') !== 'remove') throw notFound('ชุมชนนี้');
  return {
    question: `นำบันทึกออกจากชุมชน ${quote(community.name)} หรือไม่?`,
    confirmLabel: 'นำออกจากชุมชน',
    action: `/notes/${note.id}/communities`,
    fields: [
      ['action', 'remove'],
      ['community', community.slug],
    ],
    backHref: `${notePath(note.id)}#note-communities`,
    consequence: `บันทึก ${quote(note.title)} ยังอยู่ที่หน้าของคุณ แต่จะไม่แสดงในชุมชนนี้ ส่งกลับเข้าชุมชนได้ทุกเมื่อ`,
  };
};

const describeModeration: Describe = (user, _match, query, chosen) => {
  if (!can(user, 'moderate')) throw forbidden('หน้านี้สำหรับผู้ดูแลเท่านั้น');
  const [action, rawId] = (query.get('action') ?? '').split(':');
  if (action === 'hide') {
    const targets = parseQueueTargets(chosen.getAll('target'));
    if (targets.length === 0)
      throw new ChooseFirst('กรุณาเลือกรายการที่จะซ่อนก่อน แล้วกด “ซ่อน” อีกครั้ง', '/moderation?nothing-ticked=1#queue-actions');
    const notes = targets.filter((t) => t.type === 'note').length;
    const what = [notes && `บันทึก ${notes} รายการ`, targets.length - notes && `ความเห็น ${targets.length - notes} รายการ`]
      .filter(Boolean)
      .join(' และ ');
    return {
      question: `ซ่อน${what}ที่เลือกหรือไม่?`,
      confirmLabel: 'ซ่อนรายการที่เลือก',
      action: '/moderation',
      backHref: '/moderation',
      fields: [['action', 'hide'], ...targets.map((t): [string, string] => ['target', `${t.type}:${t.id}`])],
      consequence: 'ผู้อ่านทั่วไปจะไม่เห็นรายการเหล่านี้ ผู้เขียนจะได้รับแจ้งพร้อมเหตุผล ผู้ดูแลนำกลับมาแสดงได้ภายหลัง',
      askReason: chosen.get('reason') ?? '',
    };
  }
  const member = action === 'purge' ? getUserById(positiveId(rawId ?? null) ?? 0) : undefined;
  if (!member) throw notFound('บัญชีผู้ใช้นี้');
  if (!can(user, 'user:suspend', { authorId: member.id, ownerRole: member.role })) throw forbidden('คุณไม่มีสิทธิ์ระงับบัญชีนี้');
  const { noteIds, commentIds } = listVisibleContent(member.id);
  return {
    question: `ซ่อนทั้งหมดของ ${member.displayName} (@${member.username}) และระงับบัญชีหรือไม่?`,
    confirmLabel: 'ซ่อนทั้งหมดและระงับบัญชี',
    action: '/moderation',
    backHref: '/moderation',
    fields: [['action', `purge:${member.id}`]],
    consequence: `จะซ่อนบันทึก ${noteIds.length} รายการและความเห็น ${commentIds.length} รายการ และบัญชีนี้จะเขียนอะไรไม่ได้อีก ผู้ดูแลคืนสิทธิ์และนำแต่ละรายการกลับมาได้ภายหลัง`,
  };
};

const describeSuspension: Describe = (user, match) => {
  const member = getUserByUsername(decodePath(match[1]!) ?? '');
  if (!member) throw notFound('บัญชีผู้ใช้นี้');
  if (!can(user, 'user:suspend', { authorId: member.id, ownerRole: member.role })) throw forbidden('ระงับได้เฉพาะบัญชีที่มีบทบาทต่ำกว่าคุณ');
  const who = `${member.displayName} (@${member.username})`;
  const suspend = match[2] === 'suspend';
  return {
    question: suspend ? `ระงับบัญชี ${who} หรือไม่?` : `คืนสิทธิ์บัญชี ${who} หรือไม่?`,
    confirmLabel: suspend ? 'ระงับบัญชี' : 'คืนสิทธิ์บัญชี',
    action: `${userPath(member.username)}/${match[2]}`,
    fields: [],
    backHref: userPath(member.username),
    consequence: suspend
      ? 'บัญชีนี้จะเขียนบันทึก ความเห็น หรือรายงานไม่ได้ เนื้อหาเดิมยังแสดงอยู่ คืนสิทธิ์ได้ภายหลังจากหน้าเดียวกันนี้'
      : 'บัญชีนี้จะกลับมาเขียนบันทึกและความเห็นได้ตามปกติ',
  };
};

/**
 * One percent-encoded path segment (a community slug, a username). NOTE: no length cap on the
 * encoded form: a Thai letter encodes to 9 characters and a letter outside the BMP to 12, so the
 * old 200-character cap turned every community named past ~22 Thai letters into a 404 (issue 24).
 * The lookup by slug or username decides; the server's request-line limit bounds the input.
 */
export const PATH_SEGMENT = '([^/]+)';
const route = (pattern: string) => new RegExp(`^${pattern}$`);

const PAGE_ACTIONS: [RegExp, Describe][] = [
  [route(`/communities/${PATH_SEGMENT}/manage`), describeManageAction],
  [route(`/communities/${PATH_SEGMENT}/cover`), describeCoverRemoval],
  [/^\/series\/(\d{1,15})\/edit$/, describeSeriesAction],
  [/^\/notes\/(\d{1,15})\/communities$/, describeNoteUnfiling],
  [/^\/moderation$/, describeModeration],
  [route(`/u/${PATH_SEGMENT}/(suspend|unsuspend)`), describeSuspension],
];

/** The confirm step of a page-form action, or undefined when `path` is none of them. */
export function describePageAction(
  user: SessionUser,
  path: string,
  query: URLSearchParams,
  chosen: URLSearchParams,
): ConfirmStep | undefined {
  for (const [pattern, describe] of PAGE_ACTIONS) {
    const match = pattern.exec(path);
    if (match) return describe(user, match, query, chosen);
  }
  return undefined;
}
