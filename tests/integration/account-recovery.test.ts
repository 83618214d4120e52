import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, confirmEmailLink, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { countRows, withDatabase } from '../helpers/roles.ts';

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

const NEW_PASSWORD = 'a brand new passphrase';

/** A member with an email address, signed in on two devices. */
async function memberWithEmail() {
  const username = uniqueUsername('forgetful');
  const email = `${username}@example.test`;
  const phone = clientFromNewAddress(server.baseUrl);
  const res = await phone.post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'คนขี้ลืม', email });
  expect(res.status).toBe(201);
  const laptop = new TestClient(server.baseUrl);
  expect((await laptop.post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(200);
  return { username, email, id: res.body.id as number, sessions: [phone, laptop] };
}

/** Registering with an address also mails a verification link; these tests read the reset mails. */
const RESET_SUBJECT = 'ตั้งรหัสผ่านใหม่สำหรับบันทึก';
const linkIn = (text: string) => /http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=([a-z2-7]+)/.exec(text);

describe('password reset by email over real SMTP', () => {
  it('mails a single-use link; using it sets the password and ends every session', async () => {
    const member = await memberWithEmail();
    const anon = clientFromNewAddress(server.baseUrl);
    const asked = await anon.postForm('/forgot-password', { login: member.username });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('หากข้อมูลนี้ตรงกับบัญชีที่มีอีเมล');

    const mail = await smtp.waitFor((m) => m.to.includes(member.email) && m.subject === RESET_SUBJECT);
    expect(mail.subject).toBe('ตั้งรหัสผ่านใหม่สำหรับบันทึก');
    expect(mail.from).toBe('no-reply@banthuek.test');
    expect(mail.text).toContain(`@${member.username}`);
    const match = linkIn(mail.text);
    expect(match).not.toBeNull();
    const link = new URL(match![0]);
    const token = match![1]!;

    // Only a hash of the token is stored, with an expiry within the hour.
    const stored = withDatabase(server.databasePath, (db) =>
      db
        .prepare('SELECT token_hash AS hash, expires_at AS expiresAt, created_at AS createdAt FROM password_reset_tokens WHERE user_id = ?')
        .get(member.id),
    ) as { hash: string; expiresAt: number; createdAt: number };
    expect(stored.hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.hash).not.toContain(token);
    expect(stored.expiresAt - stored.createdAt).toBeLessThanOrEqual(60 * 60 * 1000);

    const form = await anon.get(link.pathname + link.search);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toContain('no-store');
    expect(form.text).toContain('name="newPassword"');
    const tooShort = await anon.postForm('/reset-password', { token, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.text).toContain('อย่างน้อย 8');

    const done = await anon.postForm('/reset-password', { token, newPassword: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?reset=1');
    for (const device of member.sessions) expect((await device.post('/api/notes', { title: 'ยังเข้าได้ไหม', body: 'x' })).status).toBe(401);
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).status,
    ).toBe(400);
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/login', { username: member.username, password: NEW_PASSWORD })).status,
    ).toBe(200);
    const notice = await smtp.waitFor((m) => m.to.includes(member.email) && m.subject.startsWith('แจ้งเตือนความปลอดภัย'));
    expect(notice.text).toContain('ถูกตั้งใหม่');
    expect(linkIn(notice.text)).toBeNull(); // the notice carries no reset link

    // Single use: the same link does nothing the second time.
    const again = await anon.postForm('/reset-password', { token, newPassword: 'yet another password' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('ลิงก์ตั้งรหัสผ่านใหม่ไม่ถูกต้อง');
    expect((await anon.get(link.pathname + link.search)).status).toBe(400);
  });

  it('answers the same for unknown accounts and accounts without email, and mails nothing for them', async () => {
    const noEmail = await signedInClient(server.baseUrl);
    const member = await memberWithEmail();
    const anon = clientFromNewAddress(server.baseUrl);
    const answers = [];
    for (const login of ['nobody-at-all', 'nobody@example.test', noEmail.username, member.email]) {
      const res = await anon.post('/api/auth/password-reset', { login });
      answers.push({ status: res.status, body: res.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    // Accounts without a usable address never start a send, so once the member's mail has arrived
    // nothing else can still be on its way.
    await smtp.waitFor((m) => m.to.includes(member.email) && m.subject === RESET_SUBJECT);
    const recipients = smtp.messages.flatMap((m) => m.to);
    expect(recipients.some((to) => to.startsWith('nobody'))).toBe(false);
    expect(smtp.messages.filter((m) => m.to.includes(member.email) && m.subject === RESET_SUBJECT)).toHaveLength(1);
  });

  it('refuses an expired token and a made-up token, changing nothing', async () => {
    const member = await memberWithEmail();
    await new TestClient(server.baseUrl).post('/api/auth/password-reset', { login: member.email });
    const token = linkIn((await smtp.waitFor((m) => m.to.includes(member.email) && m.subject === RESET_SUBJECT)).text)![1]!;
    withDatabase(server.databasePath, (db) =>
      db.prepare('UPDATE password_reset_tokens SET expires_at = ? WHERE user_id = ?').run(Date.now() - 1, member.id),
    );
    const before = countRows(server.databasePath);
    const expired = await new TestClient(server.baseUrl).post('/api/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toContain('หมดอายุ');
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/password-reset/confirm', { token: 'a'.repeat(32), newPassword: NEW_PASSWORD }))
        .status,
    ).toBe(400);
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/password-reset/confirm', { token: '<script>', newPassword: NEW_PASSWORD }))
        .status,
    ).toBe(400);
    expect(countRows(server.databasePath)).toEqual(before);
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('limits how often one account can be sent links', async () => {
    const member = await memberWithEmail();
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await clientFromNewAddress(server.baseUrl).post('/api/auth/password-reset', { login: member.username })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe('without SMTP, an admin issues a reset link from the command line', () => {
  it('npm run reset-link prints a working one-time link and writes the audit log', async () => {
    const plain = await startTestServer({ SITE_URL: '' });
    try {
      const { username } = await signedInClient(plain.baseUrl);
      const asked = await clientFromNewAddress(plain.baseUrl).postForm('/forgot-password', { login: username });
      expect(asked.text).toContain('หากข้อมูลนี้ตรงกับบัญชีที่มีอีเมล'); // same words, nothing can be sent
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reset-link.ts', username], {
        env: { ...process.env, DATABASE_PATH: plain.databasePath, SITE_URL: plain.baseUrl },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(0);
      const link = new URL(linkIn(cli.stdout)![0]);
      const token = link.searchParams.get('token')!;
      expect((await new TestClient(plain.baseUrl).postForm('/reset-password', { token, newPassword: NEW_PASSWORD })).status).toBe(303);
      expect((await new TestClient(plain.baseUrl).post('/api/auth/login', { username, password: NEW_PASSWORD })).status).toBe(200);
      const audit = withDatabase(plain.databasePath, (db) =>
        db.prepare("SELECT action, actor_id AS actorId FROM audit_log WHERE action = 'user:reset-link'").all(),
      );
      expect(audit).toEqual([{ action: 'user:reset-link', actorId: null }]);
      const unknown = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reset-link.ts', 'no-such-user'], {
        env: { ...process.env, DATABASE_PATH: plain.databasePath },
        encoding: 'utf8',
      });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('ไม่พบบัญชี');
    } finally {
      await plain.stop();
    }
  });
});

describe('settings: change email and password', () => {
  it('changes the email after the current password is confirmed; refuses a wrong password, a taken or malformed address', async () => {
    const member = await memberWithEmail();
    const other = await memberWithEmail();
    const [client] = member.sessions;
    const wrong = await client!.postForm('/settings', { action: 'email', email: 'new@example.test', currentPassword: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('รหัสผ่านปัจจุบันไม่ถูกต้อง');
    // Someone else's address: the same answer as a change ("ตรวจสอบอีเมลของคุณ"), nothing stored, its owner mailed.
    const taken = await client!.postForm('/settings', { action: 'email', email: other.email, currentPassword: TEST_PASSWORD });
    expect(taken.status).toBe(303);
    expect(taken.headers.get('location')).toBe('/settings?saved=email');
    expect((await client!.get('/settings?saved=email')).text).toContain('ตรวจสอบอีเมลของคุณ');
    expect((await smtp.waitFor((m) => m.to.includes(other.email) && m.subject === 'มีผู้พยายามใช้อีเมลของคุณที่บันทึก')).text).toContain(
      'ไม่ได้เปลี่ยนแปลงอะไร',
    );
    expect((await client!.postForm('/settings', { action: 'email', email: 'not-an-email', currentPassword: TEST_PASSWORD })).status).toBe(
      400,
    );
    const emailOf = () =>
      withDatabase(
        server.databasePath,
        (db) => (db.prepare('SELECT email FROM users WHERE id = ?').get(member.id) as { email: string }).email,
      );
    expect(emailOf()).toBe(member.email);
    const ok = await client!.postForm('/settings', { action: 'email', email: 'Moved@Example.test', currentPassword: TEST_PASSWORD });
    expect(ok.status).toBe(303);
    expect(emailOf()).toBe('moved@example.test');
    const notice = await smtp.waitFor((m) => m.to.includes(member.email) && m.subject.startsWith('แจ้งเตือนความปลอดภัย'));
    expect(notice.text).toContain('อีเมลของบัญชีถูกเปลี่ยน');
    expect((await client!.get('/settings?saved=email')).text).toContain('value="moved@example.test"');
  });

  it('changing the password ends other sessions but keeps this one', async () => {
    const member = await memberWithEmail();
    const [phone, laptop] = member.sessions;
    const res = await phone!.postForm('/settings', { action: 'password', currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect((await phone!.get('/settings')).status).toBe(200);
    expect((await laptop!.get('/settings')).status).toBe(303);
    expect((await smtp.waitFor((m) => m.to.includes(member.email) && m.subject.startsWith('แจ้งเตือนความปลอดภัย'))).text).toContain(
      'ถูกเปลี่ยนจากหน้าตั้งค่า',
    );
  });
});

describe('registration with an address already in use', () => {
  it('does not say the address is taken: the account is made without it and the owner is mailed', async () => {
    const owner = await memberWithEmail();
    const username = uniqueUsername('copy');
    const res = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
      username,
      password: TEST_PASSWORD,
      displayName: 'คนใหม่',
      email: owner.email,
    });
    expect(res.status).toBe(201);
    expect(withDatabase(server.databasePath, (db) => db.prepare('SELECT email FROM users WHERE username = ?').get(username))).toEqual({
      email: null,
    });
    await smtp.waitFor((m) => m.to.includes(owner.email) && m.subject === 'มีผู้พยายามใช้อีเมลของคุณที่บันทึก');
  });
});

describe('an address another account holds looks the same as a free one', () => {
  const VERIFY_SUBJECT = 'ยืนยันอีเมลของคุณสำหรับบันทึก';
  /** The settings page with what must differ taken out: the account's name (and its avatar colour), the address typed, tokens and nonces. */
  const settingsOf = async (client: TestClient, username: string, address: string) =>
    (await client.get('/settings')).text
      .replaceAll(username, 'USERNAME')
      .replaceAll(address, 'ADDRESS')
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/avatar-c\d+/g, 'avatar-c')
      .replace(/data-account="[^"]*"/g, 'data-account=""') // the offline app's per-account tag (its own id)
      .replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value="TOKEN"');

  async function registered(email?: string) {
    const username = uniqueUsername('pending');
    const client = clientFromNewAddress(server.baseUrl);
    expect(
      (await client.post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'คนรอยืนยัน', ...(email ? { email } : {}) }))
        .status,
    ).toBe(201);
    return { client, username };
  }

  it('on sign-up and on change: the same settings page ("รอยืนยัน"), a link only to the free address, a notice to the owner', async () => {
    const owner = await memberWithEmail();
    const free = [`${uniqueUsername('free')}@example.test`, `${uniqueUsername('free')}@example.test`];

    const signUpFree = await registered(free[0]);
    const signUpTaken = await registered(owner.email);
    const pageFree = await settingsOf(signUpFree.client, signUpFree.username, free[0]!);
    expect(pageFree).toContain('รอยืนยัน: ADDRESS');
    expect(await settingsOf(signUpTaken.client, signUpTaken.username, owner.email)).toBe(pageFree);

    const changeFree = await registered();
    const changeTaken = await registered();
    for (const [who, address] of [
      [changeFree, free[1]!],
      [changeTaken, owner.email],
    ] as const) {
      const res = await who.client.postForm('/settings', { action: 'email', email: address, currentPassword: TEST_PASSWORD });
      expect(res.headers.get('location')).toBe('/settings?saved=email');
    }
    const changedFree = await settingsOf(changeFree.client, changeFree.username, free[1]!);
    expect(changedFree).toContain('รอยืนยัน: ADDRESS');
    expect(await settingsOf(changeTaken.client, changeTaken.username, owner.email)).toBe(changedFree);

    // Only the free addresses get a link, and it completes; the owner is told twice, and gets no link.
    for (const address of free) {
      const link = /\/verify-email\?token=[a-z2-7]+/.exec(
        (await smtp.waitFor((m) => m.to.includes(address) && m.subject === VERIFY_SUBJECT)).text,
      )![0];
      expect((await confirmEmailLink(server.baseUrl, link)).status).toBe(200);
    }
    expect((await signUpFree.client.get('/settings')).text).toContain(`ส่งไปที่ ${free[0]} (ยืนยันแล้ว)`);
    expect((await changeFree.client.get('/settings')).text).toContain(`ส่งไปที่ ${free[1]} (ยืนยันแล้ว)`);
    await smtp.waitFor(
      () => smtp.messages.filter((x) => x.to.includes(owner.email) && x.subject === 'มีผู้พยายามใช้อีเมลของคุณที่บันทึก').length >= 2,
    );
    const ownerLinks = smtp.messages.filter((m) => m.to.includes(owner.email) && m.subject === VERIFY_SUBJECT).length;
    expect(ownerLinks).toBe(1); // the owner's own sign-up link, nothing more
    expect((await changeTaken.client.get('/settings')).text).toContain(`รอยืนยัน: ${owner.email}`);
    expect(
      withDatabase(server.databasePath, (db) =>
        db.prepare('SELECT email FROM users WHERE username IN (?, ?)').all(signUpTaken.username, changeTaken.username),
      ),
    ).toEqual([{ email: null }, { email: null }]);
  });
});

describe('commonly leaked passwords (ASVS 2.1.7)', () => {
  it('are refused at sign-up, on change and on reset, with a Thai message and nothing changed', async () => {
    for (const password of ['12345678', 'password1', 'QwertyUiop', 'iloveyou']) {
      const res = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
        username: uniqueUsername('weak'),
        password,
        displayName: 'ทดสอบ',
      });
      expect(res.status, password).toBe(400);
      expect(res.body.fields.password).toContain('รั่วไหล');
    }
    const member = await memberWithEmail();
    const [phone, laptop] = member.sessions;
    const change = await phone!.postForm('/settings', { action: 'password', currentPassword: TEST_PASSWORD, newPassword: 'password1' });
    expect(change.status).toBe(400);
    expect(change.text).toContain('รั่วไหล');
    expect((await laptop!.get('/settings')).status).toBe(200); // no session was ended
    await new TestClient(server.baseUrl).post('/api/auth/password-reset', { login: member.email });
    const token = linkIn((await smtp.waitFor((m) => m.to.includes(member.email) && m.subject.startsWith('ตั้งรหัสผ่านใหม่'))).text)![1]!;
    const reset = await new TestClient(server.baseUrl).post('/api/auth/password-reset/confirm', { token, newPassword: '123456789' });
    expect(reset.status).toBe(400);
    expect(reset.body.fields.newPassword).toContain('รั่วไหล');
    // The token was not spent by the refused attempt.
    expect(
      (await new TestClient(server.baseUrl).post('/api/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD })).status,
    ).toBe(200);
  });
});
