/**
 * The mails themselves, the unsubscribe tokens and the outbox's clock arithmetic, without SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'parse5';
import {
  composeDigestMail,
  composeNotificationMail,
  headerText,
  MAIL_EXCERPT_CHARS,
  type NotificationMailInput,
} from '~/lib/server/mail/compose.ts';
import { createUnsubscribeToken, forgetUnsubscribeSecret, readUnsubscribeToken } from '~/lib/server/mail/unsubscribe.ts';
import { bangkokMidnightAtOrBefore } from '~/lib/server/mail/digest.ts';
import { GIVE_UP_AFTER_MS, nextAttemptAfterFailure, RETRY_BASE_MS } from '~/lib/server/mail/sender.ts';
import { MAIL_KIND_INFO, MAIL_KIND_OF } from '~/lib/server/mail/kinds.ts';
import { NOTIFICATION_KINDS } from '~db/schema.ts';
import { renderCommentMarkdown, renderNoteMarkdown } from '~/lib/markdown.ts';
import { useFreshDatabase } from '../helpers/database.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';

let cleanup: () => void;
beforeAll(() => {
  process.env.SITE_URL = 'https://banthuek.example';
  cleanup = useFreshDatabase();
  forgetUnsubscribeSecret();
});
afterAll(() => {
  cleanup();
  delete process.env.SITE_URL;
});

const input = (over: Partial<NotificationMailInput> = {}): NotificationMailInput => ({
  recipient: { id: 5, displayName: 'มาลี' },
  kind: 'reply',
  actor: { username: 'somchai', displayName: 'สมชาย ใจดี' },
  note: { id: 42, title: 'ถอดบทเรียนเวทีประชาคม' },
  comment: { id: 7, body: 'ขอบคุณครับ', createdAt: new Date('2026-02-26T07:08:00Z') },
  createdAt: new Date('2026-02-26T07:08:00Z'),
  ...over,
});

/** Elements and attributes of a mail's HTML that the template does not write itself. */
function foreignMarkup(html: string): string[] {
  const allowed = new Set([
    'html',
    'head',
    'body',
    'meta',
    'title',
    'p',
    'br',
    'strong',
    'span',
    'blockquote',
    'a',
    'hr',
    'ul',
    'li',
    'h1',
    'h2',
  ]);
  const found: string[] = [];
  const visit = (node: { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] }) => {
    if (node.tagName && !allowed.has(node.tagName)) found.push(`<${node.tagName}>`);
    for (const { name, value } of node.attrs ?? []) {
      if (!['style', 'href', 'lang', 'charset'].includes(name)) found.push(`${name}=`);
      if (name === 'href' && !value.startsWith('https://banthuek.example/')) found.push(`href=${value}`);
    }
    for (const child of node.childNodes ?? []) visit(child as never);
  };
  visit(parse(html) as never);
  return found;
}

describe('notification mail', () => {
  it('has a Thai subject with the title, the comment, an absolute link, the author and Buddhist-era time', () => {
    const mail = composeNotificationMail(input(), 'reply');
    expect(mail.subject).toBe('สมชาย ใจดี ตอบความเห็นของคุณใน "ถอดบทเรียนเวทีประชาคม"');
    expect(mail.text).toContain('https://banthuek.example/notes/42#comment-7');
    expect(mail.text).toContain('สมชาย ใจดี (@somchai) · 26 ก.พ. 2569 14:08 น.');
    expect(mail.text).toContain('ขอบคุณครับ');
    expect(mail.html).toContain('href="https://banthuek.example/notes/42#comment-7"');
    expect(mail.html).toContain('href="https://banthuek.example/settings#mail"');
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<https:\/\/banthuek\.example\/mail\/unsubscribe\?token=5\.reply\.[\w-]{43}>$/);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('cuts a long comment at about 500 characters without splitting a Thai letter from its marks', () => {
    const long = 'ที่นี่มีน้ำใจ '.repeat(100);
    const mail = composeNotificationMail(input({ comment: { id: 7, body: long, createdAt: new Date() } }), 'reply');
    const quoted = /<blockquote[^>]*>([^<]*)<\/blockquote>/.exec(mail.html)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(MAIL_EXCERPT_CHARS);
    expect(quoted.endsWith('…')).toBe(true);
    const kept = quoted.slice(0, -1).trimEnd();
    expect(long.startsWith(kept)).toBe(true);
    // The next character of the original is not a mark that belonged to the last kept letter.
    expect(long[kept.length]).not.toMatch(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u);
  });

  it('no payload of the XSS table, and no CR/LF in a title or name, adds markup or a header line', () => {
    for (const payload of XSS_PAYLOADS) {
      const mail = composeNotificationMail(
        input({
          actor: { username: 'evil', displayName: `ผู้ร้าย\r\nBcc: victim@example.test ${payload}` },
          note: { id: 1, title: `หัวข้อ\r\nX-Injected: 1\n${payload}` },
          comment: { id: 2, body: payload, createdAt: new Date() },
        }),
        'reply',
      );
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(foreignMarkup(mail.html)).toEqual([]);
      expect(mail.text).toContain(payload.trim().slice(0, 80));
      for (const value of Object.values(mail.headers)) expect(value).not.toMatch(/[\r\n]/);
    }
    expect(headerText('a\r\nb\u2028c\u0000d')).toBe('a b c d');
  });

  it('every notification kind maps to a mail setting, and kinds without their own subject still get one', () => {
    for (const kind of ['comment', 'reply', 'mention', 'approved', 'watch'] as const)
      expect(MAIL_KIND_INFO[MAIL_KIND_OF[kind]!]).toBeDefined();
    for (const kind of NOTIFICATION_KINDS) if (MAIL_KIND_OF[kind]) expect(MAIL_KIND_INFO[MAIL_KIND_OF[kind]!]).toBeDefined();
    expect(MAIL_KIND_INFO.watch.default).toBe('daily');
    expect(MAIL_KIND_INFO.follows.default).toBe('off');
    expect(['reply', 'comment', 'mention'].map((k) => MAIL_KIND_INFO[k as 'reply'].default)).toEqual([
      'immediate',
      'immediate',
      'immediate',
    ]);
  });

  it('community kinds name the community, link to accept, decide or visit it, and are safe with a hostile name', () => {
    const community = { slug: 'ครูเพื่อศิษย์', name: 'ครูเพื่อศิษย์ นครศรีฯ' };
    const about = { note: null, comment: null, community };
    const invitation = composeNotificationMail(input({ ...about, kind: 'community-invitation' }), 'invitation');
    expect(invitation.subject).toBe('สมชาย ใจดี เชิญคุณเข้าร่วมชุมชน "ครูเพื่อศิษย์ นครศรีฯ"');
    const join = `https://banthuek.example/communities/${encodeURIComponent(community.slug)}/join`;
    expect(invitation.text).toContain(`ตอบรับคำเชิญได้ที่ (คำเชิญใช้ได้ 7 วัน): ${join}`);
    expect(invitation.html).toContain(`href="${join}"`);
    expect(invitation.headers['List-Unsubscribe']).toMatch(/token=5\.invitation\./);
    expect(composeNotificationMail(input({ ...about, kind: 'join-request' }), 'request').text).toContain('/manage');
    expect(composeNotificationMail(input({ ...about, kind: 'join-declined' }), 'decision').subject).toBe(
      'คำขอเข้าร่วมชุมชน "ครูเพื่อศิษย์ นครศรีฯ" ของคุณไม่ได้รับอนุมัติ',
    );
    for (const payload of XSS_PAYLOADS) {
      const mail = composeNotificationMail(
        input({
          kind: 'community-invitation',
          note: null,
          comment: null,
          community: { slug: `x"><script>${payload}`, name: `ชุมชน\r\nBcc: victim@example.test\n${payload}` },
        }),
        'invitation',
      );
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(foreignMarkup(mail.html)).toEqual([]);
    }
    for (const kind of ['community-invitation', 'join-request', 'join-approved', 'join-declined'] as const) {
      expect(MAIL_KIND_INFO[MAIL_KIND_OF[kind]!].default).toBe('immediate');
    }
  });

  it('a digest lists items and notes, escaped, with an unsubscribe for the kinds it carries', () => {
    const mail = composeDigestMail({
      recipient: { id: 9, displayName: 'วันเพ็ญ' },
      periodEnd: new Date('2026-03-10T17:00:00Z'),
      weekly: false,
      kinds: ['watch', 'follows'],
      items: [input({ kind: 'watch', comment: { id: 3, body: '<img src=x onerror=alert(1)>', createdAt: new Date() } })],
      notes: [{ id: 8, title: '<script>alert(1)</script>', author: 'ประเสริฐ', publishedAt: new Date('2026-03-10T10:00:00Z') }],
    });
    expect(mail.subject).toBe('สรุปความเคลื่อนไหวประจำวันที่ 10 มี.ค. 2569 (2 รายการ) — บันทึก'); // the Bangkok day ending at that midnight
    expect(foreignMarkup(mail.html)).toEqual([]);
    expect(mail.headers['List-Unsubscribe']).toMatch(/token=9\.watch-follows\./);
  });
});

describe('unsubscribe tokens', () => {
  it('name the member and kinds, and a changed one is refused', () => {
    const token = createUnsubscribeToken(12, ['comment']);
    expect(readUnsubscribeToken(token)).toEqual({ userId: 12, kinds: ['comment'] });
    expect(readUnsubscribeToken(token.replace('12.', '13.'))).toBeNull();
    expect(readUnsubscribeToken(token.replace('.comment.', '.reply.'))).toBeNull();
    expect(readUnsubscribeToken('12.nonsense.' + 'a'.repeat(43))).toBeNull();
    expect(readUnsubscribeToken('')).toBeNull();
  });
});

describe('outbox clock', () => {
  it('Bangkok midnight is 17:00 UTC the day before', () => {
    expect(bangkokMidnightAtOrBefore(new Date('2026-03-10T16:59:59Z')).toISOString()).toBe('2026-03-09T17:00:00.000Z');
    expect(bangkokMidnightAtOrBefore(new Date('2026-03-10T17:00:00Z')).toISOString()).toBe('2026-03-10T17:00:00.000Z');
  });

  it('retries double from a minute and never go past 24 hours after queueing', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    expect(nextAttemptAfterFailure(created, 1, created).getTime() - created.getTime()).toBe(RETRY_BASE_MS);
    expect(nextAttemptAfterFailure(created, 3, created).getTime() - created.getTime()).toBe(4 * RETRY_BASE_MS);
    const late = new Date(created.getTime() + 20 * 3600_000);
    expect(nextAttemptAfterFailure(created, 12, late).getTime()).toBe(created.getTime() + GIVE_UP_AFTER_MS);
  });
});

describe('mentions in Markdown', () => {
  it('link to the profile in comments and notes, but not inside code or links', () => {
    expect(renderCommentMarkdown('ฝาก @malee ด้วย')).toContain('<a href="/u/malee" rel="nofollow ugc noopener">@malee</a>');
    expect(renderNoteMarkdown('**@wanpen** ช่วยดู')).toContain('href="/u/wanpen"');
    expect(renderCommentMarkdown('`@malee` และ a@b.com')).not.toContain('/u/');
  });
});
