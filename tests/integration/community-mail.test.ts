/**
 * Community invitations and join requests are mailed (issues 13 and 14), end to end over a real
 * SMTP server on loopback: the outbox row is written in the action's transaction and the primary
 * delivers it, by each member's setting for that kind, with one-click unsubscribe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer, unexpectedMailMarkup } from '../helpers/smtp.ts';
import { clientFromNewAddress, confirmEmailLink, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';

let smtp: TestSmtpServer;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: '0',
    SMTP_FROM: 'บันทึก <no-reply@banthuek.test>',
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const VERIFY_SUBJECT = 'ยืนยันอีเมลของคุณสำหรับบันทึก';
const mailTo =
  (email: string, also: (m: ReceivedMail) => boolean = () => true) =>
  (m: ReceivedMail) =>
    m.to.includes(email) && m.subject !== VERIFY_SUBJECT && also(m);

/** A member with a verified address (the link from the verification mail opened). */
async function member(displayName?: string) {
  const username = uniqueUsername('cm');
  const email = `${username}@example.test`;
  const client = clientFromNewAddress(server.baseUrl);
  const res = await client.post('/api/auth/register', {
    username,
    password: TEST_PASSWORD,
    displayName: displayName ?? `คุณ ${username}`,
    email,
    consents: { mail: true },
  });
  expect(res.status).toBe(201);
  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject === VERIFY_SUBJECT);
  const path = /\/verify-email\?token=[a-z2-7]+/.exec(mail.text)![0];
  expect((await confirmEmailLink(server.baseUrl, path)).text).toContain('data-verified');
  return { client, username, email, id: res.body.id as number, displayName: displayName ?? `คุณ ${username}` };
}
type Member = Awaited<ReturnType<typeof member>>;

let counter = 0;
async function newCommunity(owner: Member, joinPolicy: 'open' | 'request' | 'invite') {
  counter += 1;
  const name = `เครือข่ายครูเพื่อศิษย์ ${process.pid} ${counter}`;
  const res = await owner.client.post('/api/communities', { name, joinPolicy });
  expect(res.status).toBe(201);
  const slug = res.body.slug as string;
  return {
    name,
    slug,
    id: res.body.id as number,
    api: `/api/communities/${encodeURIComponent(slug)}`,
    page: `${server.baseUrl}/communities/${encodeURIComponent(slug)}`,
  };
}

const outboxKinds = (userId: number) =>
  withDatabase(server.databasePath, (db) =>
    db.prepare("SELECT kind FROM mail_outbox WHERE user_id = ? AND kind <> 'verify' ORDER BY id").pluck().all(userId),
  ) as string[];
/** Lets the sender catch up, so "nothing more arrived" is a real observation. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('community mail over SMTP', () => {
  it('an invitation by username mails the invitee in Thai: the community, who invited, an accept link that works, one-click unsubscribe', async () => {
    const owner = await member('ครูสมศรี ใจดี');
    const invitee = await member();
    const c = await newCommunity(owner, 'invite');
    expect((await owner.client.post(`${c.api}/invitations`, { username: invitee.username })).status).toBe(201);

    const mail = await smtp.waitFor(mailTo(invitee.email));
    expect(mail.subject).toBe(`ครูสมศรี ใจดี เชิญคุณเข้าร่วมชุมชน "${c.name}"`);
    expect(mail.text).toContain(`สวัสดีคุณ${invitee.displayName}`);
    expect(mail.text).toContain(`ครูสมศรี ใจดี (@${owner.username})`);
    expect(mail.text).toMatch(/25\d\d \d\d:\d\d น\./);
    expect(mail.text).toContain(`${c.page}/join`);
    expect(mail.html).toContain(`href="${c.page}/join"`);
    expect(mail.html).toContain(`href="${server.baseUrl}/settings#mail"`);
    expect(mail.header('List-Unsubscribe')).toMatch(
      new RegExp(`^<${server.baseUrl}/mail/unsubscribe\\?token=${invitee.id}\\.invitation\\.`),
    );
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(outboxKinds(invitee.id)).toEqual(['invitation']);

    // The link lands on the accept page; its one button joins the invitation-only community.
    const page = await invitee.client.get(`${c.page.slice(server.baseUrl.length)}/join`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="accept-invitation"');
    const joined = await invitee.client.post(`${c.api}/membership`, {});
    expect(joined.status).toBe(200);
    expect(joined.body.status).toBe('member');
    // The inviter gets no mail about their own action.
    await settle();
    expect(smtp.messages.filter(mailTo(owner.email))).toHaveLength(0);
  });

  it('a join request mails every manager with a link to decide; approval and refusal each mail the requester', async () => {
    const owner = await member();
    const manager = await member();
    const c = await newCommunity(owner, 'request');
    // The manager joins through an invitation, then is named manager.
    await owner.client.post(`${c.api}/invitations`, { username: manager.username });
    expect((await manager.client.post(`${c.api}/membership`, {})).body.status).toBe('member');
    expect((await owner.client.request('PUT', `${c.api}/managers/${manager.username}`)).status).toBeLessThan(300);

    const alice = await member('อลิส ผู้ขอเข้า');
    const bob = await member();
    expect((await alice.client.post(`${c.api}/membership`, {})).body.status).toBe('requested');
    const toOwner = await smtp.waitFor(mailTo(owner.email, (m) => m.subject.includes('ขอเข้าร่วม')));
    const toManager = await smtp.waitFor(mailTo(manager.email, (m) => m.subject.includes('ขอเข้าร่วม')));
    for (const mail of [toOwner, toManager]) {
      expect(mail.subject).toBe(`อลิส ผู้ขอเข้า ขอเข้าร่วมชุมชน "${c.name}"`);
      expect(mail.text).toContain(`${c.page}/manage`);
      expect(mail.header('List-Unsubscribe')).toMatch(/\.request\./);
    }
    // Asking again while waiting mails nobody a second time.
    expect((await alice.client.post(`${c.api}/membership`, {})).body.status).toBe('requested');

    expect((await manager.client.post(`${c.api}/requests`, { username: alice.username, decision: 'approve' })).status).toBe(200);
    const approved = await smtp.waitFor(mailTo(alice.email));
    expect(approved.subject).toBe(`คำขอเข้าร่วมชุมชน "${c.name}" ของคุณได้รับอนุมัติแล้ว`);
    expect(approved.text).toContain(c.page);
    expect(approved.header('List-Unsubscribe')).toMatch(new RegExp(`token=${alice.id}\\.decision\\.`));

    expect((await bob.client.post(`${c.api}/membership`, {})).body.status).toBe('requested');
    expect((await owner.client.post(`${c.api}/requests`, { username: bob.username, decision: 'decline' })).status).toBe(200);
    const declined = await smtp.waitFor(mailTo(bob.email, (m) => m.subject.includes('ไม่ได้รับอนุมัติ')));
    expect(declined.subject).toBe(`คำขอเข้าร่วมชุมชน "${c.name}" ของคุณไม่ได้รับอนุมัติ`);

    await settle();
    expect(outboxKinds(owner.id).filter((k) => k === 'request')).toHaveLength(2); // alice's and bob's requests
    expect(outboxKinds(manager.id)).toEqual(['invitation', 'request', 'request']);
    expect(outboxKinds(alice.id)).toEqual(['decision']);
    expect(outboxKinds(bob.id)).toEqual(['decision']);
  });

  it('the settings and one-click unsubscribe govern community mail: off sends nothing, daily folds it into the digest', async () => {
    const owner = await member();
    const invitee = await member();
    const first = await newCommunity(owner, 'invite');
    await owner.client.post(`${first.api}/invitations`, { username: invitee.username });
    const mail = await smtp.waitFor(mailTo(invitee.email));
    const url = /^<([^>]+)>$/.exec(mail.header('List-Unsubscribe'))![1]!;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const settings = (await invitee.client.get('/api/mail/settings')).body.settings;
    expect(settings).toMatchObject({ invitation: 'off', request: 'immediate', decision: 'immediate', reply: 'immediate' });

    const second = await newCommunity(owner, 'invite');
    await owner.client.post(`${second.api}/invitations`, { username: invitee.username });
    // Still told in the site, but no mail.
    const inbox = (await invitee.client.get('/api/notifications')).body.items as { kind: string; community: { slug: string } | null }[];
    expect(inbox.filter((n) => n.kind === 'community-invitation').map((n) => n.community?.slug)).toEqual([second.slug, first.slug]);
    await settle();
    expect(outboxKinds(invitee.id)).toEqual(['invitation']);

    // Daily: the request waits as a digest item for the next Bangkok midnight.
    expect((await owner.client.request('PUT', '/api/mail/settings', { json: { request: 'daily' } })).status).toBeLessThan(300);
    const open = await newCommunity(owner, 'request');
    const asker = await member();
    await asker.client.post(`${open.api}/membership`, {});
    const waiting = withDatabase(server.databasePath, (db) =>
      db
        .prepare(
          'SELECT n.kind FROM mail_digest_items d JOIN notifications n ON n.id = d.notification_id WHERE d.user_id = ? AND d.digested_at IS NULL',
        )
        .pluck()
        .all(owner.id),
    );
    expect(waiting).toEqual(['join-request']);
    expect(outboxKinds(owner.id)).not.toContain('request');
  });

  it('a hostile community name (XSS table, CR/LF) adds no markup or header line to the mail', async () => {
    const owner = await member();
    // The name field refuses line breaks, so put them where imported or old data could.
    const payloads = XSS_PAYLOADS.slice(0, 6);
    const invitees: { who: Member; index: number }[] = [];
    const c = await newCommunity(owner, 'invite');
    // The mail is composed when it is queued, so each invitation carries the name of that moment.
    for (const [index, payload] of payloads.entries()) {
      withDatabase(server.databasePath, (db) =>
        db
          .prepare('UPDATE communities SET name = ? WHERE id = ?')
          .run(`ชุมชน ${index}\r\nBcc: victim@example.test\r\nX-Evil: 1\n${payload}`, c.id),
      );
      const who = await member();
      expect((await owner.client.post(`${c.api}/invitations`, { username: who.username })).status).toBe(201);
      invitees.push({ who, index });
    }
    for (const { who, index } of invitees) {
      const mail = await smtp.waitFor(mailTo(who.email));
      expect(mail.subject).toContain(`"ชุมชน ${index} Bcc: victim@example.test X-Evil: 1 `);
      const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
      expect(head).not.toMatch(/^(Bcc|X-Evil):/im);
      expect(mail.to).toEqual([who.email]);
      expect(unexpectedMailMarkup(mail.html, server.baseUrl)).toEqual([]);
    }
    expect(smtp.messages.some((m) => m.to.includes('victim@example.test'))).toBe(false);
  });
});
