/**
 * The mails themselves: Thai subject, plain text and HTML. Every value that came from a member
 * (titles, names, comment text) is escaped for HTML, and stripped of control characters before it
 * goes near a header, so nothing in a mail can add markup or a header line.
 */
import type { NotificationKind } from '~db/schema.ts';
import { html, type SafeHtml } from '../../html.ts';
import { formatThaiDate, formatThaiDateTime } from '../../thai-date.ts';
import { NOTIFICATION_LABELS } from '../notification-labels.ts';
import { absoluteUrl } from '../site.ts';
import { MAIL_KIND_INFO, type MailKind } from './kinds.ts';
import { unsubscribeUrl } from './unsubscribe.ts';

/** "About 500 characters" of the comment, cut at a grapheme so Thai marks stay on their letter. */
export const MAIL_EXCERPT_CHARS = 500;
const SUBJECT_MAX_CHARS = 160;
const GRAPHEMES = new Intl.Segmenter('th', { granularity: 'grapheme' });

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** One line of text safe for a header: no CR/LF or other control characters, bounded length. */
export function headerText(value: string, max = SUBJECT_MAX_CHARS): string {
  const line = value
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cut(line, max);
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

interface MailRecipient {
  id: number;
  displayName: string;
}

export interface NotificationMailInput {
  recipient: MailRecipient;
  kind: NotificationKind;
  actor: { username: string; displayName: string };
  /** The note a comment notification is about (null for a notification about a community). */
  note: { id: number; title: string } | null;
  /** The community an invitation or join request is about. */
  community?: { slug: string; name: string } | null;
  comment: { id: number; body: string; createdAt: Date } | null;
  createdAt: Date;
  /** Kind 'moderation': the moderator's reason. */
  reason?: string | null;
}

/** `title` is the note's title, or the community's name for a notification about a community. */
type SubjectOf = (actor: string, title: string) => string;
const SUBJECTS: Partial<Record<NotificationKind, SubjectOf>> = {
  reply: (actor, title) => `${actor} ตอบความเห็นของคุณใน "${title}"`,
  comment: (actor, title) => `${actor} แสดงความเห็นในบันทึก "${title}"`,
  mention: (actor, title) => `${actor} กล่าวถึงคุณใน "${title}"`,
  watch: (actor, title) => `ความเห็นใหม่จาก ${actor} ใน "${title}" ที่คุณติดตาม`,
  approved: (_actor, title) => `ความเห็นของคุณใน "${title}" ได้รับการอนุมัติแล้ว`,
  'community-invitation': (actor, name) => `${actor} เชิญคุณเข้าร่วมชุมชน "${name}"`,
  'join-request': (actor, name) => `${actor} ขอเข้าร่วมชุมชน "${name}"`,
  'join-approved': (_actor, name) => `คำขอเข้าร่วมชุมชน "${name}" ของคุณได้รับอนุมัติแล้ว`,
  'join-declined': (_actor, name) => `คำขอเข้าร่วมชุมชน "${name}" ของคุณไม่ได้รับอนุมัติ`,
  moderation: (_actor, title) => `ผู้ดูแลซ่อนงานเขียนของคุณใน "${title}"`,
};

/** What the mail asks the reader to do, as a line of text and as the link's words. */
const CALLS: Partial<Record<NotificationKind, { text: string; link: string }>> = {
  'community-invitation': { text: 'ตอบรับคำเชิญได้ที่ (คำเชิญใช้ได้ 7 วัน):', link: 'ดูคำเชิญและเข้าร่วมชุมชน' },
  'join-request': { text: 'อนุมัติหรือไม่อนุมัติได้ที่:', link: 'พิจารณาคำขอเข้าร่วม' },
  'join-approved': { text: 'ไปที่ชุมชน:', link: 'ไปที่ชุมชน' },
  'join-declined': { text: 'ดูชุมชน:', link: 'ดูชุมชน' },
  moderation: { text: 'ผู้อ่านทั่วไปจะไม่เห็นรายการนี้ คุณยังเปิดดูได้ที่:', link: 'ดูรายการที่ถูกซ่อน' },
};
const COMMENT_CALL = { text: 'อ่านและตอบได้ที่:', link: 'อ่านและตอบความเห็น' };

/** Where a community notification points: the invitation's accept page, the managers' page, or the community. */
const COMMUNITY_PAGES: Partial<Record<NotificationKind, string>> = { 'community-invitation': '/join', 'join-request': '/manage' };

/** The note's title or the community's name: what the notification is about. */
const aboutTitle = (input: Pick<NotificationMailInput, 'note' | 'community'>) => input.note?.title ?? input.community?.name ?? '';

/** Where a notification points: the comment on its note page, the note, or a community page. */
function notificationLink(input: Pick<NotificationMailInput, 'kind' | 'note' | 'community' | 'comment'>): string {
  if (!input.note)
    return absoluteUrl(`/communities/${encodeURIComponent(input.community?.slug ?? '')}${COMMUNITY_PAGES[input.kind] ?? ''}`);
  return absoluteUrl(`/notes/${input.note.id}${input.comment ? `#comment-${input.comment.id}` : ''}`);
}

function footer(unsubscribe: string, what: string): { text: string[]; html: SafeHtml } {
  const settings = absoluteUrl('/settings#mail');
  return {
    text: ['', '—', `คุณได้รับอีเมลนี้เพราะตั้งค่าไว้ให้ส่ง "${what}"`, `ตั้งค่าอีเมล: ${settings}`, `เลิกรับอีเมลประเภทนี้: ${unsubscribe}`],
    html: html`<hr style="border:0;border-top:1px solid #ddd;margin:24px 0 12px">
<p style="color:#666;font-size:13px">คุณได้รับอีเมลนี้เพราะตั้งค่าไว้ให้ส่ง "${what}"<br>
<a href="${settings}">ตั้งค่าอีเมล</a> · <a href="${unsubscribe}">เลิกรับอีเมลประเภทนี้</a></p>`,
  };
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#222;max-width:640px;margin:0 auto;padding:16px">${body}</body></html>`.value;
}

function listHeaders(unsubscribe: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The mail for one in-site notification (any kind: kinds without their own subject get their label). */
export function composeNotificationMail(input: NotificationMailInput, mailKind: MailKind): ComposedMail {
  const actor = headerText(input.actor.displayName, 60);
  const title = headerText(aboutTitle(input), 100);
  const subject = headerText(SUBJECTS[input.kind]?.(actor, title) ?? `${NOTIFICATION_LABELS[input.kind]}: ${title}`);
  const link = notificationLink(input);
  const when = formatThaiDateTime(input.comment?.createdAt ?? input.createdAt);
  const excerpt = [input.reason ? `เหตุผล: ${input.reason}` : '', input.comment ? cut(input.comment.body.trim(), MAIL_EXCERPT_CHARS) : '']
    .filter(Boolean)
    .join('\n\n');
  const unsubscribe = unsubscribeUrl(input.recipient.id, [mailKind]);
  const foot = footer(unsubscribe, MAIL_KIND_INFO[mailKind].label);
  const lead = `${actor} (@${input.actor.username}) · ${when}`;
  const call = CALLS[input.kind] ?? COMMENT_CALL;
  const text = [
    `สวัสดีคุณ${headerText(input.recipient.displayName, 60)}`,
    '',
    subject,
    lead,
    '',
    ...(excerpt ? [excerpt, ''] : []),
    `${call.text} ${link}`,
    ...foot.text,
  ].join('\n');
  const body = html`<p>สวัสดีคุณ${headerText(input.recipient.displayName, 60)}</p>
<p><strong>${subject}</strong><br><span style="color:#666">${lead}</span></p>
${excerpt && html`<blockquote style="margin:0;padding:8px 12px;border-left:3px solid #c60;background:#faf6f0;white-space:pre-wrap">${excerpt}</blockquote>`}
<p><a href="${link}">${call.link}</a></p>${foot.html}`;
  return { subject, text, html: page(subject, body), headers: listHeaders(unsubscribe) };
}

export interface DigestInput {
  recipient: MailRecipient;
  /** The period's last instant (the Bangkok day or week it covers ends here). */
  periodEnd: Date;
  weekly: boolean;
  items: NotificationMailInput[];
  notes: { id: number; title: string; author: string; publishedAt: Date }[];
  /** The kinds the recipient chose to receive as a digest, turned off by its unsubscribe link. */
  kinds: MailKind[];
}

const ITEMS_HEADING = 'ความเห็น การกล่าวถึง และชุมชน';

/** The daily (or weekly) digest: folded notifications and new notes from follows. */
export function composeDigestMail(input: DigestInput): ComposedMail {
  const day = formatThaiDate(new Date(input.periodEnd.getTime() - 1));
  const count = input.items.length + input.notes.length;
  const subject = headerText(`สรุปความเคลื่อนไหว${input.weekly ? 'ประจำสัปดาห์ถึง' : 'ประจำวันที่'} ${day} (${count} รายการ) — บันทึก`);
  const unsubscribe = unsubscribeUrl(input.recipient.id, input.kinds.length ? input.kinds : ['watch']);
  const foot = footer(unsubscribe, input.kinds.map((k) => MAIL_KIND_INFO[k].label).join(', ') || MAIL_KIND_INFO.watch.label);
  const text: string[] = [`สวัสดีคุณ${headerText(input.recipient.displayName, 60)}`, '', subject];
  const sections: SafeHtml[] = [
    html`<p>สวัสดีคุณ${headerText(input.recipient.displayName, 60)}</p><h1 style="font-size:18px">${subject}</h1>`,
  ];
  if (input.items.length) {
    text.push('', ITEMS_HEADING);
    const items: SafeHtml[] = [];
    for (const item of input.items) {
      const title = headerText(aboutTitle(item), 100);
      const line = SUBJECTS[item.kind]?.(headerText(item.actor.displayName, 60), title) ?? `${NOTIFICATION_LABELS[item.kind]}: ${title}`;
      const when = formatThaiDateTime(item.comment?.createdAt ?? item.createdAt);
      const excerpt = item.comment ? cut(item.comment.body.trim(), 200) : '';
      const link = notificationLink(item);
      text.push(`- ${line} (${when})`, ...(excerpt ? [`  ${excerpt.replace(/\s+/g, ' ')}`] : []), `  ${link}`);
      items.push(
        html`<li><a href="${link}">${line}</a> <span style="color:#666">${when}</span>${excerpt && html`<br><span style="white-space:pre-wrap">${excerpt}</span>`}</li>`,
      );
    }
    sections.push(html`<h2 style="font-size:16px">${ITEMS_HEADING}</h2><ul>${items}</ul>`);
  }
  if (input.notes.length) {
    text.push('', 'บันทึกใหม่จากคนและชุมชนที่คุณติดตาม');
    const notes: SafeHtml[] = [];
    for (const note of input.notes) {
      const link = absoluteUrl(`/notes/${note.id}`);
      const line = `${headerText(note.title, 100)} — ${headerText(note.author, 60)} (${formatThaiDateTime(note.publishedAt)})`;
      text.push(`- ${line}`, `  ${link}`);
      notes.push(
        html`<li><a href="${link}">${headerText(note.title, 100)}</a> — ${headerText(note.author, 60)} <span style="color:#666">${formatThaiDateTime(note.publishedAt)}</span></li>`,
      );
    }
    sections.push(html`<h2 style="font-size:16px">บันทึกใหม่จากคนและชุมชนที่คุณติดตาม</h2><ul>${notes}</ul>`);
  }
  text.push(...foot.text);
  return { subject, text: text.join('\n'), html: page(subject, html`${sections}${foot.html}`), headers: listHeaders(unsubscribe) };
}

/** The address-verification mail (transactional: no unsubscribe). */
export function composeVerificationMail(displayName: string, link: string, hours: number): ComposedMail {
  const subject = 'ยืนยันอีเมลของคุณสำหรับบันทึก';
  const name = headerText(displayName, 60);
  const text = [
    `สวัสดีคุณ${name}`,
    '',
    'กรุณายืนยันว่าอีเมลนี้เป็นของคุณ เพื่อรับการแจ้งเตือนเมื่อมีผู้ตอบหรือกล่าวถึงคุณ',
    `เปิดลิงก์นี้ (ใช้ได้ครั้งเดียว ภายใน ${hours} ชั่วโมง):`,
    link,
    '',
    'หากคุณไม่ได้สมัครหรือเปลี่ยนอีเมลที่บันทึก ไม่ต้องทำอะไร',
  ].join('\n');
  const body = html`<p>สวัสดีคุณ${name}</p><p>กรุณายืนยันว่าอีเมลนี้เป็นของคุณ เพื่อรับการแจ้งเตือนเมื่อมีผู้ตอบหรือกล่าวถึงคุณ</p>
<p><a href="${link}">ยืนยันอีเมล</a> (ใช้ได้ครั้งเดียว ภายใน ${hours} ชั่วโมง)</p><p style="color:#666">หากคุณไม่ได้สมัครหรือเปลี่ยนอีเมลที่บันทึก ไม่ต้องทำอะไร</p>`;
  return { subject, text, html: page(subject, body), headers: {} };
}
