/**
 * Digests, built by the library on a fresh database with the clock set around a Bangkok midnight,
 * then delivered by the outbox sender to a real SMTP server on loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '~db/client.ts';
import { users, userFollows } from '~db/schema.ts';
import { createComment } from '~/lib/server/comment.ts';
import { createNote } from '~/lib/server/note.ts';
import { toSessionUser } from '~/lib/server/user.ts';
import { setMailSettings } from '~/lib/server/mail/settings.ts';
import { buildDueDigests } from '~/lib/server/mail/digest.ts';
import { setConsents } from '~/lib/server/consent.ts';
import { deliverDueMail } from '~/lib/server/mail/sender.ts';
import { countWaitingDigestItems } from '~/lib/server/mail/outbox.ts';
import { forgetUnsubscribeSecret } from '~/lib/server/mail/unsubscribe.ts';
import { createCommunity } from '~/lib/server/community.ts';
import { decideJoinRequest, joinCommunity } from '~/lib/server/community-membership.ts';
import { useFreshDatabase } from '../helpers/database.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

let cleanup: () => void;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  Object.assign(process.env, {
    NEW_ACCOUNT_COMMENT_APPROVALS: '0',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: '0',
    SITE_URL: 'https://banthuek.example',
  });
  cleanup = useFreshDatabase();
  forgetUnsubscribeSecret();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  cleanup();
  await smtp.stop();
  delete process.env.SMTP_HOST;
  delete process.env.SITE_URL;
});

/** Bangkok wall-clock time (UTC+7) as a Date. */
const bangkok = (iso: string) => new Date(`${iso}+07:00`);
const at = (iso: string) => vi.setSystemTime(bangkok(iso));

let n = 0;
function verifiedMember(name: string) {
  n += 1;
  const row = getDb()
    .insert(users)
    .values({
      username: `${name}${n}`,
      displayName: `คุณ${name}`,
      email: `${name}${n}@example.test`,
      passwordHash: 'x',
      emailVerifiedAt: new Date(),
    })
    .returning()
    .get();
  setConsents(row.id, { mail: true }, 'registration');
  return { ...toSessionUser(row), email: row.email! };
}
const note = (author: ReturnType<typeof verifiedMember>, title: string) =>
  createNote(author, { title, body: 'เนื้อหา', tags: [], licence: 'cc-by-nc-sa-4.0', status: 'published' }, 'note', '10.9.9.9').id;

async function deliverAll(): Promise<void> {
  while ((await deliverDueMail(new Date(Date.now() + 60_000))) > 0) {
    /* until the outbox is empty */
  }
}

describe('digests across a Bangkok midnight', () => {
  it("a day's digest holds what happened before Bangkok midnight; what came after waits for the next one", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const author = verifiedMember('writer');
    const watcher = verifiedMember('watcher');
    const reader = verifiedMember('reader');
    const talker = verifiedMember('talker');
    getDb().insert(userFollows).values({ followerId: reader.id, followeeId: author.id }).run();
    setMailSettings(reader.id, { follows: 'daily' });

    at('2026-03-10T20:00:00');
    const thread = note(author, 'เวทีแลกเปลี่ยนเรื่องกองทุนสวัสดิการ');
    createComment(watcher, thread, { body: 'ขอติดตามด้วยคนครับ', parentId: null }, '10.0.0.1'); // commenting watches
    at('2026-03-10T23:59:30');
    createComment(talker, thread, { body: 'ความเห็นก่อนเที่ยงคืน', parentId: null }, '10.0.0.2');
    note(author, 'บันทึกก่อนเที่ยงคืน');
    at('2026-03-11T00:00:30');
    createComment(talker, thread, { body: 'ความเห็นหลังเที่ยงคืน', parentId: null }, '10.0.0.2');
    note(author, 'บันทึกหลังเที่ยงคืน');

    // Before midnight nothing is due; just after it, only what happened on the 10th.
    expect(buildDueDigests(bangkok('2026-03-10T23:59:59'))).toBe(0);
    expect(buildDueDigests(bangkok('2026-03-11T00:01:00'))).toBe(2);
    expect(buildDueDigests(bangkok('2026-03-11T00:02:00'))).toBe(0); // built once per period
    vi.useRealTimers();
    await deliverAll();
    const first = smtp.messages.filter((m) => m.to.includes(watcher.email));
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('สรุปความเคลื่อนไหวประจำวันที่ 10 มี.ค. 2569 (1 รายการ) — บันทึก');
    expect(first[0]!.text).toContain('ความเห็นก่อนเที่ยงคืน');
    expect(first[0]!.text).not.toContain('ความเห็นหลังเที่ยงคืน');
    expect(first[0]!.text).toContain('https://banthuek.example/notes/');
    expect(first[0]!.header('List-Unsubscribe')).toMatch(/token=\d+\.watch\./);
    const followDigest = smtp.messages.filter((m) => m.to.includes(reader.email));
    expect(followDigest).toHaveLength(1);
    expect(followDigest[0]!.text).toContain('บันทึกก่อนเที่ยงคืน');
    expect(followDigest[0]!.text).not.toContain('บันทึกหลังเที่ยงคืน');
    expect(followDigest[0]!.text).toContain('เวทีแลกเปลี่ยนเรื่องกองทุนสวัสดิการ'); // published on the 10th as well

    expect(buildDueDigests(bangkok('2026-03-12T00:00:05'))).toBe(2);
    await deliverAll();
    const second = smtp.messages.filter((m) => m.to.includes(watcher.email))[1]!;
    expect(second.subject).toBe('สรุปความเคลื่อนไหวประจำวันที่ 11 มี.ค. 2569 (1 รายการ) — บันทึก');
    expect(second.text).toContain('ความเห็นหลังเที่ยงคืน');
    expect(second.text).not.toContain('ความเห็นก่อนเที่ยงคืน');
    const follows2 = smtp.messages.filter((m) => m.to.includes(reader.email))[1]!;
    expect(follows2.text).toContain('บันทึกหลังเที่ยงคืน');
    expect(follows2.text).not.toContain('บันทึกก่อนเที่ยงคืน');
    expect(countWaitingDigestItems()).toBe(0);
  });

  it('a weekly digest of follows goes out at Monday midnight in Bangkok and covers the whole week', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const author = verifiedMember('weeklywriter');
    const reader = verifiedMember('weeklyreader');
    getDb().insert(userFollows).values({ followerId: reader.id, followeeId: author.id }).run();
    setMailSettings(reader.id, { follows: 'weekly' });
    at('2026-04-07T09:00:00'); // a Tuesday
    note(author, 'บันทึกวันอังคาร');
    at('2026-04-12T23:30:00'); // Sunday night
    note(author, 'บันทึกคืนวันอาทิตย์');
    at('2026-04-13T00:10:00'); // Monday, after midnight: next week's
    note(author, 'บันทึกเช้าวันจันทร์');
    const before = smtp.messages.length;
    expect(buildDueDigests(bangkok('2026-04-12T12:00:00'))).toBe(0); // Sunday: not yet
    expect(buildDueDigests(bangkok('2026-04-13T00:15:00'))).toBe(1);
    vi.useRealTimers();
    await deliverAll();
    const weekly = smtp.messages.slice(before).find((m) => m.to.includes(reader.email))!;
    expect(weekly.subject).toBe('สรุปความเคลื่อนไหวประจำสัปดาห์ถึง 12 เม.ย. 2569 (2 รายการ) — บันทึก');
    expect(weekly.text).toContain('บันทึกวันอังคาร');
    expect(weekly.text).toContain('บันทึกคืนวันอาทิตย์');
    expect(weekly.text).not.toContain('บันทึกเช้าวันจันทร์');
    expect(weekly.header('List-Unsubscribe')).toMatch(/token=\d+\.follows\./);
  });

  it('mail over the hourly cap folds into the next digest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const author = verifiedMember('busy');
    const fans = Array.from({ length: 4 }, (_, i) => verifiedMember(`fan${i}`));
    at('2026-03-20T10:00:00');
    const id = note(author, 'บันทึกยอดนิยม');
    for (let i = 0; i < 12; i++) createComment(fans[i % 4]!, id, { body: `ความเห็น ${i + 1}`, parentId: null }, `10.0.1.${i}`);
    expect(countWaitingDigestItems(author.id)).toBe(2);
    expect(buildDueDigests(bangkok('2026-03-21T00:00:01'))).toBeGreaterThanOrEqual(1);
    vi.useRealTimers();
    await deliverAll();
    const toAuthor = smtp.messages.filter((m) => m.to.includes(author.email));
    expect(toAuthor.filter((m) => m.subject.includes('แสดงความเห็นในบันทึก'))).toHaveLength(10);
    const digest = toAuthor.find((m) => m.subject.startsWith('สรุปความเคลื่อนไหว'))!;
    expect(digest.subject).toContain('(2 รายการ)');
    expect(digest.text).toContain('ความเห็น 11');
    expect(digest.text).toContain('ความเห็น 12');
  });
  it('a join request a manager chose to get daily comes in the digest, naming the community and linking to decide', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const owner = verifiedMember('organiser');
    const asker = verifiedMember('asker');
    setMailSettings(owner.id, { request: 'daily' });
    at('2026-05-04T15:00:00');
    const early = verifiedMember('early');
    const community = createCommunity(owner, { name: 'เครือข่ายสุขภาวะตำบล', description: '', joinPolicy: 'request' });
    expect(joinCommunity(asker, community)).toBe('requested');
    expect(joinCommunity(early, community)).toBe('requested');
    expect(countWaitingDigestItems(owner.id)).toBe(2);
    // Answered the same day: no longer news by midnight.
    decideJoinRequest(owner, community, early.username, 'approve');
    expect(buildDueDigests(bangkok('2026-05-05T00:00:01'))).toBeGreaterThanOrEqual(1);
    vi.useRealTimers();
    await deliverAll();
    const digest = smtp.messages.find((m) => m.to.includes(owner.email))!;
    expect(digest.subject).toContain('(1 รายการ)');
    expect(digest.text).toContain('คุณasker');
    expect(digest.text).not.toContain('คุณearly');
    expect(digest.text).toContain('ขอเข้าร่วมชุมชน "เครือข่ายสุขภาวะตำบล"');
    expect(digest.text).toContain(`https://banthuek.example/communities/${encodeURIComponent(community.slug)}/manage`);
    expect(digest.header('List-Unsubscribe')).toMatch(/token=\d+\.request\./);
  });
});
