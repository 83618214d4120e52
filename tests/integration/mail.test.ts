/**
 * Mail that brings people back, end to end over a real SMTP server on loopback: the built site
 * writes the outbox in the comment's transaction and its primary process delivers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer, unexpectedMailMarkup } from '../helpers/smtp.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, confirmEmailLink, createNoteViaApi, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RATE_LIMITS } from '~/lib/server/rate-limit.ts';
import { sendUntilRefused } from '../helpers/rate-limits.ts';

let smtp: TestSmtpServer;
let server: TestServer;
const smtpEnv = (port: number) => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_SECURE: '0',
  SMTP_FROM: 'บันทึก <no-reply@banthuek.test>',
});

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer(smtpEnv(smtp.port));
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/**
 * `npm run mail:status` against a test server's database. Async on purpose: a blocked event loop
 * (spawnSync) cannot see the server close idle keep-alive sockets, and the next fetch then fails.
 */
async function mailStatus(databasePath: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/mail-status.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, ...env },
    encoding: 'utf8',
  });
  return stdout;
}

const VERIFY_SUBJECT = 'ยืนยันอีเมลของคุณสำหรับบันทึก';
const mailTo =
  (email: string, also: (m: ReceivedMail) => boolean = () => true) =>
  (m: ReceivedMail) =>
    m.to.includes(email) && m.subject !== VERIFY_SUBJECT && also(m);

/** Registers a member with an email address; opens the verification link from the mail unless told not to. */
async function member(box: TestSmtpServer, site: TestServer, options: { verify?: boolean; displayName?: string } = {}) {
  const username = uniqueUsername('mail');
  const email = `${username}@example.test`;
  const client = clientFromNewAddress(site.baseUrl);
  const res = await client.post('/api/auth/register', {
    username,
    password: TEST_PASSWORD,
    displayName: options.displayName ?? `คุณ ${username}`,
    email,
    consents: { mail: true },
  });
  expect(res.status).toBe(201);
  if (options.verify !== false) {
    const mail = await box.waitFor((m) => m.to.includes(email) && m.subject === VERIFY_SUBJECT);
    const path = /\/verify-email\?token=[a-z2-7]+/.exec(mail.text)![0];
    const opened = await confirmEmailLink(site.baseUrl, path);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('data-verified');
    // Single use: the same link a second time is refused.
    expect((await new TestClient(site.baseUrl).get(path)).status).toBe(400);
    expect((await new TestClient(site.baseUrl).postForm('/verify-email', { token: path.split('=')[1]! })).status).toBe(400);
  }
  return { client, username, email, id: res.body.id as number };
}

function outboxOf(site: TestServer, userId: number) {
  return withDatabase(site.databasePath, (db) =>
    db.prepare('SELECT kind, status, message_id AS messageId FROM mail_outbox WHERE user_id = ? ORDER BY id').all(userId),
  ) as { kind: string; status: string; messageId: string }[];
}

describe('notification mail over SMTP', () => {
  it('a comment, a reply and a mention each deliver one mail to the right person', async () => {
    const author = await member(smtp, server);
    const commenter = await member(smtp, server);
    const third = await member(smtp, server);
    const noteId = await createNoteViaApi(author.client, { title: 'ถอดบทเรียนเวทีประชาคม' });

    const comment = await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณสำหรับบันทึกครับ จะกลับมาอ่านอีก' });
    expect(comment.status).toBe(201);
    const toAuthor = await smtp.waitFor(mailTo(author.email));
    expect(toAuthor.subject).toBe(`คุณ ${commenter.username} แสดงความเห็นในบันทึก "ถอดบทเรียนเวทีประชาคม"`);
    expect(toAuthor.text).toContain('ขอบคุณสำหรับบันทึกครับ จะกลับมาอ่านอีก');
    expect(toAuthor.text).toContain(`${server.baseUrl}/notes/${noteId}#comment-${comment.body.id}`);
    expect(toAuthor.text).toMatch(/25\d\d \d\d:\d\d น\./); // Buddhist-era year, Bangkok time
    expect(toAuthor.html).toContain(`href="${server.baseUrl}/notes/${noteId}#comment-${comment.body.id}"`);
    expect(toAuthor.html).toContain(`href="${server.baseUrl}/settings#mail"`);
    expect(toAuthor.header('List-Unsubscribe')).toMatch(
      new RegExp(`^<${server.baseUrl}/mail/unsubscribe\\?token=${author.id}\\.comment\\.`),
    );
    expect(toAuthor.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(toAuthor.header('Message-ID')).toBe(outboxOf(server, author.id).find((r) => r.kind === 'comment')!.messageId);

    const reply = await author.client.post(`/api/notes/${noteId}/comments`, {
      body: `ยินดีครับ ฝากถึง @${third.username} ด้วย`,
      parentId: comment.body.id,
    });
    const toCommenter = await smtp.waitFor(mailTo(commenter.email));
    expect(toCommenter.subject).toBe(`คุณ ${author.username} ตอบความเห็นของคุณใน "ถอดบทเรียนเวทีประชาคม"`);
    expect(toCommenter.text).toContain(`#comment-${reply.body.id}`);
    const toThird = await smtp.waitFor(mailTo(third.email));
    expect(toThird.subject).toBe(`คุณ ${author.username} กล่าวถึงคุณใน "ถอดบทเรียนเวทีประชาคม"`);

    // Exactly one each, and none to the person who wrote the comment.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter(mailTo(author.email))).toHaveLength(1);
    expect(smtp.messages.filter(mailTo(commenter.email))).toHaveLength(1);
    expect(smtp.messages.filter(mailTo(third.email))).toHaveLength(1);
    // The commenter now watches the thread (a daily digest by default), so no immediate watch mail.
    expect(outboxOf(server, commenter.id).map((r) => r.kind)).toEqual(['verify', 'reply']);
  });

  it('the one-click unsubscribe POST works without signing in and stops exactly that kind', async () => {
    const author = await member(smtp, server);
    const other = await member(smtp, server);
    const noteId = await createNoteViaApi(author.client);
    await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นแรก' });
    const first = await smtp.waitFor(mailTo(author.email));
    const url = /^<([^>]+)>$/.exec(first.header('List-Unsubscribe'))![1]!;
    // Opening the link (or a mail scanner following it) only asks; it changes nothing.
    const asked = await fetch(url);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/เลิกรับอีเมลประเภทนี้\s*<\/button>/);
    expect((await author.client.get('/api/mail/settings')).body.settings.comment).toBe('immediate');
    // What a mail provider sends (RFC 8058): no cookie, no Origin of ours.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-unsubscribed');
    const settings = await author.client.get('/api/mail/settings');
    expect(settings.body.settings).toMatchObject({ comment: 'off', reply: 'immediate', mention: 'immediate' });

    // A forged token changes nothing.
    const forged = url.replace(/\.comment\./, '.mention.');
    expect(
      (
        await fetch(forged, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(400);

    await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่สอง' });
    const mine = await author.client.post(`/api/notes/${noteId}/comments`, { body: 'ขอบคุณทุกความเห็นค่ะ' });
    await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ยังได้อีเมลเมื่อมีคนตอบอยู่ไหม', parentId: mine.body.id });
    const reply = await smtp.waitFor(mailTo(author.email, (m) => m.subject.includes('ตอบความเห็นของคุณ')));
    expect(reply.text).toContain('ยังได้อีเมลเมื่อมีคนตอบอยู่ไหม');
    // The second comment (kind comment, now off) produced no mail at all; replies still come.
    expect(outboxOf(server, author.id).map((r) => r.kind)).toEqual(['verify', 'comment', 'reply']);
  });

  it('an unverified address gets nothing; in-site notifications still arrive', async () => {
    const author = await member(smtp, server, { verify: false });
    const other = await member(smtp, server);
    const noteId = await createNoteViaApi(author.client);
    await other.client.post(`/api/notes/${noteId}/comments`, { body: `@${author.username} ความเห็นถึงคนที่ยังไม่ยืนยันอีเมล` });
    expect(outboxOf(server, author.id).map((r) => r.kind)).toEqual(['verify']);
    const inbox = await author.client.get('/api/notifications');
    expect(inbox.body.unread).toBe(1);
    await smtp.waitFor((m) => m.to.includes(author.email) && m.subject === VERIFY_SUBJECT);
    expect(smtp.messages.filter(mailTo(author.email))).toHaveLength(0);
  });

  it('opening a verification link verifies nothing (mail scanners pre-open links); the button on the page does', async () => {
    const person = await member(smtp, server, { verify: false });
    const mail = await smtp.waitFor((m) => m.to.includes(person.email) && m.subject === VERIFY_SUBJECT);
    const path = /\/verify-email\?token=[a-z2-7]+/.exec(mail.text)![0];
    const verifiedAt = () =>
      withDatabase(
        server.databasePath,
        (db) => (db.prepare('SELECT email_verified_at AS at FROM users WHERE id = ?').get(person.id) as { at: number | null }).at,
      );
    for (let i = 0; i < 3; i++) {
      const scanned = await new TestClient(server.baseUrl).get(path);
      expect(scanned.status).toBe(200);
      expect(scanned.headers.get('cache-control')).toBe('no-store');
      expect(scanned.text).not.toContain('data-verified');
      const form = /<form method="post" action="\/verify-email"[^]*?<\/form>/.exec(scanned.text)?.[0] ?? '';
      expect(form.match(/<button[^>]*>/g)).toEqual(['<button type="submit" class="primary">']);
      expect(form).toContain('ยืนยันอีเมลนี้');
    }
    expect(verifiedAt()).toBeNull();
    const token = path.split('=')[1]!;
    // Another site cannot press the button for them.
    expect((await new TestClient(server.baseUrl).withOrigin('https://evil.example').postForm('/verify-email', { token })).status).toBe(403);
    expect(verifiedAt()).toBeNull();
    const garbled = await new TestClient(server.baseUrl).request('POST', '/verify-email', {
      body: '%%%',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(garbled.status).toBe(400);
    expect(verifiedAt()).toBeNull();
    const pressed = await new TestClient(server.baseUrl).postForm('/verify-email', { token });
    expect(pressed.status).toBe(200);
    expect(pressed.text).toContain(`ยืนยันอีเมลของ @${person.username} แล้ว`);
    expect(verifiedAt()).not.toBeNull();
    const again = await new TestClient(server.baseUrl).get(path);
    expect(again.status).toBe(400);
    expect(again.text).toContain('ถูกใช้ไปแล้ว');
  });

  it('verification links: a resend replaces the old link, an expired one is refused, resends are limited', async () => {
    const person = await member(smtp, server, { verify: false });
    const linkOf = (m: ReceivedMail) => /\/verify-email\?token=[a-z2-7]+/.exec(m.text)![0];
    const isVerify = (m: ReceivedMail) => m.to.includes(person.email) && m.subject === VERIFY_SUBJECT;
    const first = linkOf(await smtp.waitFor(isVerify));
    expect((await person.client.postForm('/settings/mail', { action: 'verify' })).headers.get('location')).toBe(
      '/settings?saved=verify#mail',
    );
    await smtp.waitFor((m) => isVerify(m) && linkOf(m) !== first);
    const second = linkOf(smtp.messages.filter(isVerify).at(-1)!);
    expect((await confirmEmailLink(server.baseUrl, first)).status).toBe(400);
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE email_verification_tokens SET expires_at = ? WHERE user_id = ?').run(Date.now() - 1, person.id),
    );
    expect((await confirmEmailLink(server.baseUrl, second)).status).toBe(400);
    expect((await person.client.get('/settings')).text).toContain(`รอยืนยัน: ${person.email}`);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await person.client.postForm('/settings/mail', { action: 'verify' })).status);
    expect(statuses).toEqual([303, 303, 429]);
    await smtp.waitFor((m) => isVerify(m) && smtp.messages.filter(isVerify).length >= 4);
    expect((await confirmEmailLink(server.baseUrl, smtp.messages.filter(isVerify).map(linkOf).at(-1)!)).status).toBe(200);
    expect((await person.client.get('/settings')).text).toContain('(ยืนยันแล้ว)');
  });

  it('30 comments within a minute give the author at most 10 immediate mails; the rest wait for the digest', async () => {
    const author = await member(smtp, server);
    const commenters = [await member(smtp, server), await member(smtp, server), await member(smtp, server)];
    const noteId = await createNoteViaApi(author.client, { title: 'เวทีที่คึกคัก' });
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      const res = await commenters[i % 3]!.client.post(`/api/notes/${noteId}/comments`, { body: `ความเห็นที่ ${i + 1}` });
      expect(res.status).toBe(201);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    await smtp.waitFor((m) => mailTo(author.email)(m) && smtp.messages.filter(mailTo(author.email)).length >= 10);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter(mailTo(author.email))).toHaveLength(10);
    const waiting = withDatabase(server.databasePath, (db) =>
      db.prepare('SELECT count(*) AS n FROM mail_digest_items WHERE user_id = ? AND digested_at IS NULL').get(author.id),
    ) as { n: number };
    expect(waiting.n).toBe(20);
  });

  it('nothing from a member can inject markup or headers into a mail (XSS table, CR/LF in titles and names)', async () => {
    const author = await member(smtp, server);
    const other = await member(smtp, server);
    // Validation refuses CR/LF in titles and names, so put them where imported or old data could.
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('ผู้ไม่หวังดี\r\nBcc: victim@example.test\r\nX-Injected: 1', other.id),
    );
    // Eight payloads end to end (the hourly cap is 10); tests/unit/mail-compose.test.ts runs the whole table.
    const payloads = XSS_PAYLOADS.slice(0, 8);
    for (const [index, payload] of payloads.entries()) {
      const noteId = await createNoteViaApi(author.client, { title: `หัวข้อ ${index}` });
      withDatabase(server.databasePath, (db) =>
        db.prepare('UPDATE notes SET title = ? WHERE id = ?').run(`หัวข้อ ${index}\r\nX-Evil: 1\n${payload}`, noteId),
      );
      const res = await other.client.post(`/api/notes/${noteId}/comments`, { body: payload });
      expect(res.status).toBe(201);
    }
    for (const index of payloads.keys()) {
      const mail = await smtp.waitFor(mailTo(author.email, (m) => m.subject.includes(`"หัวข้อ ${index} X-Evil: 1 `)));
      const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
      expect(head).not.toMatch(/^(Bcc|X-Injected|X-Evil):/im);
      expect(mail.to).toEqual([author.email]);
      expect(unexpectedMailMarkup(mail.html, server.baseUrl)).toEqual([]);
      expect(mail.text).toContain(payloads[index]!.trim().slice(0, 40));
    }
  });
});

describe('watching threads, mentions and settings', () => {
  it('"ติดตามความเห็น" watches any note; with watch mail set to immediate a new comment mails; muting stops it', async () => {
    const author = await member(smtp, server);
    const watcher = await member(smtp, server);
    const talker = await member(smtp, server);
    const noteId = await createNoteViaApi(author.client, { title: 'บันทึกที่มีคนติดตาม' });
    let page = await watcher.client.get(`/notes/${noteId}`);
    expect(page.text).toContain('data-watch="none"');
    expect(page.text).toContain('>ติดตามความเห็น</button>');
    expect((await watcher.client.postForm(`/notes/${noteId}/watch`, { action: 'watch' })).status).toBe(303);
    page = await watcher.client.get(`/notes/${noteId}`);
    expect(page.text).toContain('data-watch="watching"');
    expect((await watcher.client.postForm('/settings/mail', { 'mail-watch': 'immediate' })).headers.get('location')).toBe(
      '/settings?saved=mail#mail',
    );
    expect((await watcher.client.get('/settings')).text).toMatch(/<option value="immediate" selected>\s*ส่งทันที\s*<\/option>/);

    await talker.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นใหม่สำหรับคนที่ติดตาม' });
    const mail = await smtp.waitFor(mailTo(watcher.email));
    expect(mail.subject).toBe(`ความเห็นใหม่จาก คุณ ${talker.username} ใน "บันทึกที่มีคนติดตาม" ที่คุณติดตาม`);
    expect(mail.header('List-Unsubscribe')).toMatch(/token=\d+\.watch\./);

    expect((await watcher.client.request('PUT', `/api/notes/${noteId}/watch`, { json: { state: 'muted' } })).body).toEqual({
      state: 'muted',
    });
    await talker.client.post(`/api/notes/${noteId}/comments`, { body: `@${author.username} ความเห็นหลังปิดการแจ้ง` });
    await smtp.waitFor(mailTo(author.email, (m) => m.text.includes('ความเห็นหลังปิดการแจ้ง')));
    expect(outboxOf(server, watcher.id).map((r) => r.kind)).toEqual(['verify', 'watch']);
    expect((await watcher.client.request('PUT', '/api/mail/settings', { json: { watch: 'weekly' } })).status).toBe(400);
    expect((await watcher.client.request('PUT', '/api/mail/settings', { json: { nonsense: 'off' } })).status).toBe(400);
  });

  it('@ suggestions find members by username or Thai display name, for signed-in members, rate-limited', async () => {
    const named = await member(smtp, server, { verify: false, displayName: 'ประเสริฐ ทดสอบเสนอชื่อ' });
    const asker = await member(smtp, server, { verify: false });
    const byThai = await asker.client.get(`/api/users/suggest?q=${encodeURIComponent('ทดสอบเสนอ')}`);
    expect(byThai.status).toBe(200);
    expect(byThai.body.users).toEqual([{ username: named.username, displayName: 'ประเสริฐ ทดสอบเสนอชื่อ' }]);
    const byName = await asker.client.get(`/api/users/suggest?q=${named.username.slice(0, 8)}`);
    expect(byName.body.users.map((u: { username: string }) => u.username)).toContain(named.username);
    expect((await new TestClient(server.baseUrl).get('/api/users/suggest?q=abc')).status).toBe(401);
    // Two suggestions were asked above; the bucket refuses once the rest are spent.
    const { refusal } = await sendUntilRefused(() => asker.client.get('/api/users/suggest?q=%25'), RATE_LIMITS.mentionSuggestPerUser, {
      available: RATE_LIMITS.mentionSuggestPerUser.capacity - 2,
    });
    expect(refusal.status).toBe(429);
  });

  it("a note's body can mention: one mail and one in-site notification, linking to the note and the profile", async () => {
    const author = await member(smtp, server);
    const named = await member(smtp, server);
    const noteId = await createNoteViaApi(author.client, { title: 'บันทึกที่กล่าวถึงเพื่อน', body: `ขอบคุณ @${named.username} ที่ช่วยจัดเวที` });
    const mail = await smtp.waitFor(mailTo(named.email));
    expect(mail.subject).toBe(`คุณ ${author.username} กล่าวถึงคุณใน "บันทึกที่กล่าวถึงเพื่อน"`);
    expect(mail.text).toContain(`${server.baseUrl}/notes/${noteId}\n`);
    const inbox = await named.client.get('/api/notifications');
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(['mention']);
    expect((await named.client.get(`/notes/${noteId}`)).text).toContain(
      `<a href="/u/${named.username}" rel="nofollow ugc noopener">@${named.username}</a>`,
    );
    // Editing the note does not notify again.
    await author.client.request('PATCH', `/api/notes/${noteId}`, { json: { body: `แก้ไข: ขอบคุณ @${named.username} อีกครั้ง` } });
    expect(outboxOf(server, named.id).map((r) => r.kind)).toEqual(['verify', 'mention']);
  });

  it('operators see the backlog in /healthz and npm run mail:status; admins see failed mail', async () => {
    const health = await new TestClient(server.baseUrl).get('/healthz');
    expect(health.body.mailOutbox).toMatchObject({ failed: 0 });
    expect(typeof health.body.mailOutbox.pending).toBe('number');
    const status = await mailStatus(server.databasePath);
    expect(status).toMatch(/^pending: \d+$/m);
    expect(status).toMatch(/^sent: \d+$/m);
    expect(status).toMatch(/^failed: 0$/m);
    expect(status).toMatch(/^last error: /m);

    // A mail given up on after 24 hours shows on the admins' page and in /healthz.
    await member(smtp, server); // at least one mail sent (its verification link)
    const sentRow = () =>
      withDatabase(
        server.databasePath,
        (db) => db.prepare("SELECT id FROM mail_outbox WHERE status = 'sent' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined,
      );
    // SMTP has it; the sender records the batch right after.
    for (let tries = 0; !sentRow() && tries < 100; tries++) await new Promise((r) => setTimeout(r, 50));
    const id = sentRow()!.id;
    withDatabase(server.databasePath, (db) =>
      db.prepare("UPDATE mail_outbox SET status = 'failed', last_error = 'Error: 550 mailbox unavailable' WHERE id = ?").run(id),
    );
    const admin = await signedInWithRole(server.baseUrl, server.databasePath, 'admin');
    const page = await admin.client.get('/admin/mail');
    expect(page.status).toBe(200);
    expect(page.text).toContain('550 mailbox unavailable');
    expect((await new TestClient(server.baseUrl).get('/healthz')).body.mailOutbox.failed).toBe(1);
    const memberView = await (await member(smtp, server, { verify: false })).client.get('/admin/mail');
    expect(memberView.status).toBe(403);
  });
});

describe('without SMTP_HOST', () => {
  it('the site works, mail waits in the outbox and members see in-site notifications', async () => {
    const plain = await startTestServer({});
    try {
      const author = clientFromNewAddress(plain.baseUrl);
      const username = uniqueUsername('nosmtp');
      const reg = await author.post('/api/auth/register', {
        username,
        password: TEST_PASSWORD,
        displayName: 'ไม่มีเมล',
        email: `${username}@example.test`,
        consents: { mail: true },
      });
      expect(reg.status).toBe(201);
      const noteId = await createNoteViaApi(author);
      const commenter = await member(smtp, plain, { verify: false });
      expect((await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นตอนไม่มี SMTP' })).status).toBe(201);
      expect((await author.get('/api/notifications')).body.unread).toBe(1);
      const health = await new TestClient(plain.baseUrl).get('/healthz');
      expect(health.status).toBe(200);
      expect(health.body.mailOutbox.pending).toBeGreaterThanOrEqual(2); // the verification links, queued
      const status = await mailStatus(plain.databasePath, { SMTP_HOST: '' });
      expect(status).toContain('SMTP: ไม่ได้ตั้งค่า');
      expect(status).toMatch(/^pending: [2-9]$/m);
    } finally {
      await plain.stop();
    }
  });
});

describe('delivery survives SMTP outages and kill -9', () => {
  it('stop the SMTP server, comment, kill -9 the site, start both again: the mail arrives', async () => {
    const box = await startSmtpServer();
    const port = box.port;
    const site = await startTestServer(smtpEnv(port), {
      dataDir: (await import('node:fs')).mkdtempSync(
        (await import('node:path')).join((await import('node:os')).tmpdir(), 'banthuek-mail-'),
      ),
    });
    let restarted: TestServer | undefined;
    let box2: TestSmtpServer | undefined;
    try {
      const author = await member(box, site);
      const other = await member(box, site);
      const noteId = await createNoteViaApi(author.client, { title: 'บันทึกที่ต้องไม่หาย' });
      await box.stop();
      const comment = await other.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นระหว่างเซิร์ฟเวอร์อีเมลล่ม' });
      expect(comment.status).toBe(201);
      // Wait for the sender to try and fail, so the mail is in its retry state when the site dies.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const row = withDatabase(site.databasePath, (db) =>
          db.prepare("SELECT attempts, last_error AS error FROM mail_outbox WHERE user_id = ? AND kind = 'comment'").get(author.id),
        ) as { attempts: number; error: string | null } | undefined;
        if (row?.error) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const health = await new TestClient(site.baseUrl).get('/healthz');
      expect(health.body.mailOutbox.pending).toBeGreaterThanOrEqual(1);
      await site.killHard();

      box2 = await startSmtpServer({ port });
      restarted = await startTestServer(smtpEnv(port), { dataDir: site.dataDir });
      const mail = await box2.waitFor(mailTo(author.email), 15_000);
      expect(mail.text).toContain('ความเห็นระหว่างเซิร์ฟเวอร์อีเมลล่ม');
      expect(mail.text).toContain(`#comment-${comment.body.id}`);
      const healthAfter = await new TestClient(restarted.baseUrl).get('/healthz');
      expect(healthAfter.body.mailOutbox).toMatchObject({ pending: 0, failed: 0 });
    } finally {
      await restarted?.stop();
      await site.stop();
      await box2?.stop();
    }
  });
});
