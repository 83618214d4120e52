/**
 * The header's account links, the one source for every page: Base.astro renders it into the
 * layout, and the signed-in note page (src/server/signed-in-note.ts) into its cached shared parts.
 */
import { html, type SafeHtml } from '../../html.ts';
import { accountTag } from '../../account-tag.ts';
import { can } from '../permissions.ts';
import type { SessionUser } from '../session-user.ts';
import { countUnread } from '../notification.ts';
import { countModerationQueue } from '../moderation.ts';

/** A count after a link's visible text, with words for screen readers (see accountNavHtml). */
function countBadge(n: number, id: string, words: string): SafeHtml | false {
  return n > 0 && html` <span class="unread-badge"><span id="${id}">${n}</span><span class="visually-hidden"> ${words}</span></span>`;
}

/**
 * The links inside the header's account nav. `loginNext` is where the login link returns to;
 * `queued` is what waits in the moderation queue (moderators only).
 * NOTE: counts are visible text plus visually hidden words, never an aria-label: a label that does
 * not start with the visible text fails WCAG 2.5.3 (axe: label-content-name-mismatch).
 */
export function accountNavHtml(user: SessionUser | null, unread: number, loginNext: string, queued = 0): SafeHtml {
  if (!user)
    return html`<a href="/login?next=${encodeURIComponent(loginNext)}">เข้าสู่ระบบ</a><a class="button primary" href="/register">สมัครสมาชิก</a>`;
  return html`<a class="button primary" href="/notes/new">เขียนบันทึก</a><a href="/feed">ฟีดของฉัน</a><a href="/notifications" id="notifications-link">แจ้งเตือน${countBadge(unread, 'unread-count', 'รายการที่ยังไม่ได้อ่าน')}</a><a href="/u/${user.username}" data-account="${accountTag(user)}">${user.displayName}</a>${can(user, 'moderate') && html`<a href="/moderation" id="moderation-link">คิวตรวจสอบ${countBadge(queued, 'queue-count', 'รายการรอตรวจสอบ')}</a>`}<a href="/saved">เก็บไว้อ่าน</a><a href="/settings">ตั้งค่า</a><form method="post" action="/logout" class="inline-form"><button type="submit" class="link-button">ออกจากระบบ</button></form>`;
}

/** The account links with this viewer's counts: unread notifications, and the moderation queue for moderators. */
export function accountNavFor(user: SessionUser | null, loginNext: string): SafeHtml {
  if (!user) return accountNavHtml(null, 0, loginNext);
  return accountNavHtml(user, countUnread(user.id), loginNext, can(user, 'moderate') ? countModerationQueue() : 0);
}
