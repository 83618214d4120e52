/**
 * Issue 25 (PDPA): each right end to end against the built server. The privacy notice and its
 * version, the consent log and its switches, Thai ID numbers refused before publishing, leaving in
 * both modes (at once and after a grace period, with cancel), every session ended, and the
 * database files holding neither the email nor the name after an erasure and a clean stop.
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import { workshopAar } from '../helpers/km.ts';

const CONTACT = 'dpo@banthuek.example';
const VALID_ID = '1-1017-00203-40-9';
const LEFT = 'สมาชิกที่ออกจากระบบแล้ว';

let server: TestServer; // erases at once
beforeAll(async () => {
  server = await startTestServer({ PRIVACY_CONTACT: CONTACT, ACCOUNT_DELETION_GRACE_DAYS: '0' });
});
afterAll(async () => {
  await server?.stop();
});

const consentsOf = async (client: TestClient) =>
  (await client.get('/api/me/consents')).body.items as { purpose: string; version: number; given: boolean; at: string }[];
const stateOf = (items: { purpose: string; given: boolean }[], purpose: string) => items.find((i) => i.purpose === purpose)?.given;

describe('privacy notice (s.23)', () => {
  it('is in Thai at /privacy, names the contact, retention, recipients and rights, with its version', async () => {
    const page = await new TestClient(server.baseUrl).get('/privacy');
    expect(page.status).toBe(200);
    expect(page.text).toContain('ประกาศความเป็นส่วนตัว');
    expect(page.text).toContain(CONTACT);
    expect(page.text).toContain('data-privacy-version="1"');
    for (const words of ['ฐานทางกฎหมาย', 'ที่อยู่ IP', 'สำเนาสำรอง', 'ผู้ให้บริการส่งอีเมล', 'สำเนาต่อเนื่อง', 'มาตรา 33', '/settings/leave'])
      expect(page.text).toContain(words);
    expect((await new TestClient(server.baseUrl).get('/register')).text).toContain('href="/privacy"');
  });

  it('registration records acceptance of the current version; optional purposes are no unless ticked', async () => {
    const { client } = await signedInClient(server.baseUrl); // the factory ticks mail and directory
    const items = await consentsOf(client);
    expect(items.find((i) => i.purpose === 'privacy-notice')).toMatchObject({ version: 1, given: true });
    expect(stateOf(items, 'mail')).toBe(true);

    const plain = clientFromNewAddress(server.baseUrl);
    const res = await plain.post('/api/auth/register', { username: uniqueUsername('plain'), password: TEST_PASSWORD, displayName: 'ไม่ติ๊ก' });
    expect(res.status).toBe(201);
    const plainItems = await consentsOf(plain);
    expect(plainItems.map((i) => i.purpose)).toEqual(['privacy-notice', 'mail', 'directory']);
    expect(stateOf(plainItems, 'mail')).toBe(false);
    expect(stateOf(plainItems, 'directory')).toBe(false);
    for (const item of plainItems) expect(Date.parse(item.at)).toBeGreaterThan(Date.now() - 60_000);

    const refused = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
      username: uniqueUsername('refuse'),
      password: TEST_PASSWORD,
      displayName: 'ไม่ยอมรับ',
      acceptPrivacyNotice: false,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/ประกาศความเป็นส่วนตัว/);
  });

  it('a member who has not read the current version is asked once, until they confirm', async () => {
    const { client, id } = await signedInClient(server.baseUrl);
    // As after a new version: their acceptance is of an older one.
    withDatabase(server.databasePath, (db) =>
      db.prepare("UPDATE consent_records SET version = 0 WHERE user_id = ? AND purpose = 'privacy-notice'").run(id),
    );
    expect((await client.get('/settings')).text).toContain('data-privacy-notice-prompt');
    expect((await client.get('/api/me/privacy-notice')).body).toEqual({ version: 1, needsAcceptance: true });
    const read = await client.postForm('/settings/consents', {
      action: 'notice',
      next: '/privacy?read=1',
      'consent-mail': 'on',
      'consent-directory': 'on',
    });
    expect(read.status).toBe(303);
    expect((await client.get('/settings')).text).not.toContain('data-privacy-notice-prompt');
    expect((await consentsOf(client)).find((i) => i.purpose === 'privacy-notice')).toMatchObject({ version: 1, given: true });
  });
});

describe('consent, recorded (s.19)', () => {
  it('is given and withdrawn as easily, each change logged; the directory follows it', async () => {
    const displayName = `ยินยอม ${Date.now() % 100000}`;
    const plain = clientFromNewAddress(server.baseUrl);
    const username = uniqueUsername('consent');
    await plain.post('/api/auth/register', { username, password: TEST_PASSWORD, displayName });
    const listed = async () =>
      (await new TestClient(server.baseUrl).get(`/api/people?q=${encodeURIComponent(displayName)}`)).body.items.length;
    expect(await listed()).toBe(0);

    const given = await plain.request('PUT', '/api/me/consents', { json: { directory: true, mail: true } });
    expect(given.status).toBe(200);
    expect(stateOf(given.body.items, 'directory')).toBe(true);
    expect(await listed()).toBe(1);

    // The settings switches: an unticked box withdraws.
    expect((await plain.get('/settings')).text).toContain('name="consent-directory"');
    expect((await plain.postForm('/settings/consents', { 'consent-mail': 'on' })).status).toBe(303);
    const after = await consentsOf(plain);
    expect(stateOf(after, 'directory')).toBe(false);
    expect(stateOf(after, 'mail')).toBe(true);
    expect(await listed()).toBe(0);

    const bad = await plain.request('PUT', '/api/me/consents', { json: { directory: 'yes' } });
    expect(bad.status).toBe(400);
    const log = withDatabase(server.databasePath, (db) =>
      db
        .prepare('SELECT purpose, given, source FROM consent_records WHERE user_id = (SELECT id FROM users WHERE username = ?) ORDER BY id')
        .all(username),
    );
    expect(log).toEqual([
      { purpose: 'privacy-notice', given: 1, source: 'registration' },
      { purpose: 'mail', given: 0, source: 'registration' },
      { purpose: 'directory', given: 0, source: 'registration' },
      { purpose: 'mail', given: 1, source: 'api' },
      { purpose: 'directory', given: 1, source: 'api' },
      { purpose: 'directory', given: 0, source: 'settings' },
    ]);
    expect((await new TestClient(server.baseUrl).get('/api/me/consents')).status).toBe(401);
  });

  it('notification mail waits for the mail consent', async () => {
    const author = await signedInClient(server.baseUrl);
    withDatabase(server.databasePath, (db) =>
      db
        .prepare('UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?')
        .run(`${author.username}@example.test`, Date.now(), author.id),
    );
    await author.client.request('PUT', '/api/me/consents', { json: { mail: false } });
    const noteId = await createNoteViaApi(author.client);
    const commenter = await signedInClient(server.baseUrl);
    const mails = () =>
      withDatabase(server.databasePath, (db) =>
        db.prepare("SELECT count(*) AS n FROM mail_outbox WHERE user_id = ? AND kind = 'comment'").get(author.id),
      ) as { n: number };
    expect((await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นแรก' })).status).toBe(201);
    expect(mails().n).toBe(0);
    await author.client.request('PUT', '/api/me/consents', { json: { mail: true } });
    expect((await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่สอง' })).status).toBe(201);
    expect(mails().n).toBe(1);
  });
});

describe('Thai ID numbers before publishing (s.26)', () => {
  it('a note, a comment and an edit holding a valid ID answer 422 naming it and where; confirmed, they are saved and flagged', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const body = `รายชื่อผู้รับสวัสดิการ\nนาง ก. เลขบัตร ${VALID_ID}`;
    const refused = await client.post('/api/notes', { title: 'รายชื่อ', body, tags: [] });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain('เลขประจำตัวประชาชน 13 หลัก');
    expect(refused.body.error).toContain('เนื้อหาบันทึก บรรทัดที่ 2');
    expect(refused.body.personalData).toEqual([{ kind: 'thai-id', field: 'body', line: 2, masked: '110xxxxxxxx09' }]);
    const count = () => withDatabase(server.databasePath, (db) => (db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n);
    const before = count();
    expect((await client.post('/api/notes', { title: 'เลขผิด', body: 'เลข 1-1017-00203-40-8 ผ่าน', tags: [] })).status).toBe(201);
    expect(count()).toBe(before + 1);
    const accepted = await client.post('/api/notes', { title: 'รายชื่อ', body, tags: [], acknowledgePersonalData: true });
    expect(accepted.status).toBe(201);

    const comment = await client.post(`/api/notes/${accepted.body.id}/comments`, { body: `เลข ๑๑๐๑๗๐๐๒๐๓๔๐๙` });
    expect(comment.status).toBe(422);
    expect(comment.body.error).toContain('ความเห็น');
    const form = await client.postForm(`/notes/${accepted.body.id}`, { body: `บัตร ${VALID_ID}` });
    expect(form.status).toBe(422);
    expect(form.text).toContain('name="acknowledgePersonalData"');
    expect((await client.postForm(`/notes/${accepted.body.id}`, { body: `บัตร ${VALID_ID}`, acknowledgePersonalData: 'on' })).status).toBe(
      303,
    );

    const edit = await client.patch(`/api/notes/${accepted.body.id}`, { body: `แก้ไข ${VALID_ID}` });
    expect(edit.status).toBe(422);

    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const queue = await moderator.client.get('/api/moderation?filter=personal-data');
    expect(queue.status).toBe(200);
    const ids = queue.body.personalData.map((i: { type: string; id: number }) => `${i.type}:${i.id}`);
    expect(ids).toContain(`note:${accepted.body.id}`);
    expect(ids.some((i: string) => i.startsWith('comment:'))).toBe(true);
    const page = await moderator.client.get('/moderation?filter=personal-data');
    expect(page.text).toContain('มีข้อมูลส่วนบุคคล');
    expect(page.text).toContain(`data-personal-data-item="note:${accepted.body.id}"`);
    expect((await client.get('/api/moderation?filter=personal-data')).status).toBe(403);
  });

  it('an AAR holding a valid ID answers 422; confirmed, it is published', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const district = (await client.get('/api/places/40')).body.districts[0];
    const place = { provinceCode: '40', districtCode: district.code, subdistrictCode: district.subdistricts[0].code };
    const aar = workshopAar(place, { lessons: `ผู้ป่วยติดเตียง บัตร ${VALID_ID}` });
    const refused = await client.post('/api/aar', aar);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain('เลขประจำตัวประชาชน 13 หลัก');
    expect(refused.body.error).toContain('เนื้อหา AAR');
    expect((await client.post('/api/aar', { ...aar, acknowledgePersonalData: true })).status).toBe(201);
  });
});

describe('access and portability (s.30-31)', () => {
  it('settings lists every kind of data held; the export carries the consents and a pending deletion', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const settings = await client.get('/settings');
    for (const kind of ['ข้อมูลบัญชี', 'ความเห็น', 'บันทึกที่เก็บไว้อ่าน', 'คนที่ฉันติดตาม', 'บันทึกความยินยอม', 'บันทึกคำขอของเซิร์ฟเวอร์'])
      expect(settings.text).toContain(kind);
    const zip = await fetch(`${server.baseUrl}/settings/export`, { headers: { cookie: client.cookieHeader() } });
    expect(zip.status).toBe(200);
    const privacy = JSON.parse(strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['privacy.json']!));
    expect(privacy.noticeVersion).toBe(1);
    expect(privacy.consents.map((c: { purpose: string }) => c.purpose)).toEqual(['privacy-notice', 'mail', 'directory']);
    expect(privacy.deletion).toBeNull();
  });
});

describe('leaving at once (s.33, ACCOUNT_DELETION_GRACE_DAYS=0)', () => {
  it('anonymise: every session ends, the profile is erased, the name is freed, notes stay under the placeholder', async () => {
    const displayName = `ผู้จะออก ${Date.now() % 100000}`;
    const member = await signedInClient(server.baseUrl, { displayName });
    const second = clientFromNewAddress(server.baseUrl);
    expect((await second.post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).status).toBe(200);
    await member.client.postForm('/settings', { action: 'profile', displayName, organisation: 'อบต.ทดสอบ', expertise: 'แผนชุมชน' });
    const noteId = await createNoteViaApi(member.client, { title: 'บันทึกที่อยู่ต่อ' });
    const other = await signedInClient(server.baseUrl);
    await other.client.post(`/api/users/${member.username}/follow`);
    await member.client.post(`/api/notes/${noteId}/bookmark`);

    const wrong = await member.client.post('/api/me/deletion', { password: 'wrong password', content: 'anonymise' });
    expect(wrong.status).toBe(400);
    expect((await member.client.get('/api/me/consents')).status).toBe(200);
    expect((await member.client.post('/api/me/deletion', { password: TEST_PASSWORD, content: 'everything' })).status).toBe(400);

    const done = await member.client.post('/api/me/deletion', { password: TEST_PASSWORD, content: 'anonymise' });
    expect(done.status).toBe(200);
    expect(done.body.deletion.erased).toBe(true);
    expect((await member.client.get('/api/me/consents')).status).toBe(401);
    expect((await second.get('/api/me/consents')).status).toBe(401);
    expect((await new TestClient(server.baseUrl).get(`/u/${member.username}`)).status).toBe(404);
    const note = await new TestClient(server.baseUrl).get(`/notes/${noteId}?fresh=1`);
    expect(note.status).toBe(200);
    expect(note.text).toContain(LEFT);
    expect(note.text).not.toContain(displayName);

    const row = withDatabase(server.databasePath, (db) => ({
      user: db.prepare('SELECT username, display_name, email, organisation, hidden_from_directory FROM users WHERE id = ?').get(member.id),
      counts: db
        .prepare(
          `SELECT (SELECT count(*) FROM sessions WHERE user_id = @id) AS sessions, (SELECT count(*) FROM user_expertise WHERE user_id = @id) AS expertise,
                  (SELECT count(*) FROM bookmarks WHERE user_id = @id) AS bookmarks, (SELECT count(*) FROM user_follows WHERE followee_id = @id) AS followers,
                  (SELECT count(*) FROM consent_records WHERE user_id = @id) AS consents`,
        )
        .get({ id: member.id }),
      audit: db.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'user:erase' AND target_id = ?").all(member.id),
    }));
    expect(row.user).toEqual({
      username: `~left${member.id}`,
      display_name: LEFT,
      email: null,
      organisation: null,
      hidden_from_directory: 1,
    });
    expect(row.counts).toEqual({ sessions: 0, expertise: 0, bookmarks: 0, followers: 0, consents: 0 });
    expect(row.audit).toEqual([{ actor_id: null, detail: 'anonymise' }]);

    // The name is free for someone else; the old sign-in no longer works.
    expect(
      (await clientFromNewAddress(server.baseUrl).post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).status,
    ).toBe(400);
    const again = await signedInClient(server.baseUrl, { username: member.username });
    expect(again.id).not.toBe(member.id);
  });

  it('delete: notes and comments go as a delete does, replies by others stay under a placeholder', async () => {
    const leaving = await signedInClient(server.baseUrl);
    const host = await signedInClient(server.baseUrl);
    const replier = await signedInClient(server.baseUrl);
    const ownNote = await createNoteViaApi(leaving.client, { title: 'บันทึกที่จะลบ' });
    const hostNote = await createNoteViaApi(host.client, { title: 'บันทึกของคนอื่น' });
    const comment = await leaving.client.post(`/api/notes/${hostNote}/comments`, { body: 'ความเห็นที่จะหายไป' });
    await replier.client.post(`/api/notes/${hostNote}/comments`, { body: 'คำตอบที่ต้องอยู่ต่อ', parentId: comment.body.id });

    const done = await leaving.client.post('/api/me/deletion', { password: TEST_PASSWORD, content: 'delete' });
    expect(done.status).toBe(200);
    expect((await new TestClient(server.baseUrl).get(`/notes/${ownNote}`)).status).toBe(410);
    const page = await new TestClient(server.baseUrl).get(`/notes/${hostNote}?fresh=1`);
    expect(page.text).not.toContain('ความเห็นที่จะหายไป');
    expect(page.text).toContain('คำตอบที่ต้องอยู่ต่อ');
  });
});

describe('leaving after a grace period, cancel, and the erased files', () => {
  let graceServer: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'banthuek-pdpa-'));
    graceServer = await startTestServer({ ACCOUNT_DELETION_GRACE_DAYS: '14' }, { dataDir });
  });
  afterAll(async () => {
    await graceServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'waits 14 days, offers cancel at sign-in, exports meanwhile, and the primary erases when due; no trace in db or -wal',
    { timeout: 120_000 },
    async () => {
      const displayName = `ชื่อที่ต้องหาย ${Date.now() % 100000}`;
      const email = `${uniqueUsername('gone')}@example.test`;
      const member = await signedInClient(graceServer.baseUrl, { displayName });
      expect((await member.client.postForm('/settings', { action: 'email', email, currentPassword: TEST_PASSWORD })).status).toBe(303);
      await createNoteViaApi(member.client, { title: 'บันทึกก่อนลา' });

      const asked = await member.client.post('/api/me/deletion', { password: TEST_PASSWORD, content: 'anonymise' });
      expect(asked.status).toBe(202);
      const due = Date.parse(asked.body.deletion.dueAt) - Date.now();
      expect(due).toBeGreaterThan(13.9 * 86_400_000);
      expect(due).toBeLessThan(14.1 * 86_400_000);

      // Signing in meanwhile offers to cancel; export still works and says what is pending.
      const back = clientFromNewAddress(graceServer.baseUrl);
      const login = await back.postForm('/login', { username: member.username, password: TEST_PASSWORD });
      expect(login.headers.get('location')).toBe('/settings/leave?returned=1');
      expect((await back.get('/settings/leave?returned=1')).text).toContain('ยกเลิกการลบบัญชี');
      expect((await back.post('/api/auth/login', { username: member.username, password: TEST_PASSWORD })).body.deletion.content).toBe(
        'anonymise',
      );
      const zip = await fetch(`${graceServer.baseUrl}/settings/export`, { headers: { cookie: back.cookieHeader() } });
      const privacy = JSON.parse(strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['privacy.json']!));
      expect(privacy.deletion.content).toBe('anonymise');

      const cancelled = await back.delete('/api/me/deletion');
      expect(cancelled.body.cancelled).toBe(true);
      expect((await back.get('/api/me/deletion')).body.deletion).toBeNull();

      // Asked again; the grace period then runs out (moved into the past) and the primary's job erases at start.
      expect((await back.post('/api/me/deletion', { password: TEST_PASSWORD, content: 'anonymise' })).status).toBe(202);
      await graceServer.stop();
      withDatabase(graceServer.databasePath, (db) =>
        db.prepare('UPDATE account_deletions SET due_at = ? WHERE user_id = ?').run(Date.now() - 1000, member.id),
      );
      graceServer = await startTestServer({ ACCOUNT_DELETION_GRACE_DAYS: '14' }, { dataDir });
      const deadline = Date.now() + 15_000;
      const erased = () =>
        withDatabase(
          graceServer.databasePath,
          (db) => db.prepare('SELECT erased_at FROM account_deletions WHERE user_id = ?').get(member.id) as { erased_at: number | null },
        );
      while (!erased().erased_at && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(erased().erased_at).not.toBeNull();
      const sessions = withDatabase(graceServer.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(member.id),
      );
      expect(sessions).toEqual({ n: 0 });

      await graceServer.stop(); // a clean stop: the last connection closes
      const files = [graceServer.databasePath, `${graceServer.databasePath}-wal`].filter((f) => existsSync(f));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = readFileSync(file);
        expect(bytes.includes(Buffer.from(email)), `${file} holds the email`).toBe(false);
        expect(bytes.includes(Buffer.from(displayName)), `${file} holds the name`).toBe(false);
      }
    },
  );
});
