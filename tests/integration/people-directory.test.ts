/**
 * The people directory: /people (HTML) and /api/people (JSON) with name search in Thai and Latin
 * letters, province / organisation / expertise filters, both sorts, pages, and privacy (hidden
 * members and suspended accounts are never listed; email never appears).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const anon = () => new TestClient(server.baseUrl);
/** A run-unique word, so each test finds only its own members. */
const mark = `${Date.now() % 100000}`;

async function member(displayName: string, profile: Record<string, string> = {}) {
  const account = await signedInClient(server.baseUrl, { displayName });
  const res = await account.client.postForm('/settings', { action: 'profile', displayName, ...profile });
  expect(res.status).toBe(303);
  return account;
}

const usernames = (body: { items: { username: string }[] }) => body.items.map((i) => i.username);
const dataUsernames = (html: string) => [...html.matchAll(/data-username="([^"]+)"/g)].map((m) => m[1]);

describe('people directory', () => {
  it('finds people by Thai or Latin name, province, organisation and expertise, in both sorts', async () => {
    const veena = await member(`วีณา ใจดี ${mark}`, {
      organisation: `สสจ.นครศรีธรรมราช ${mark}`,
      province: 'นครศรีธรรมราช',
      position: 'นักวิชาการสาธารณสุข',
      expertise: 'การจัดการความรู้, อสม., #AAR',
    });
    const somchai = await member(`Somchai Srisuk ${mark}`, {
      organisation: `อำเภอเมือง ${mark}`,
      province: 'เชียงใหม่',
      expertise: 'แผนชุมชน, การจัดการความรู้',
    });
    const prasert = await member(`ประเสริฐ มั่นคง ${mark}`, {
      organisation: `สสจ.เชียงใหม่ ${mark}`,
      province: 'เชียงใหม่',
      expertise: 'กองทุนสวัสดิการ',
    });
    await createNoteViaApi(prasert.client);
    await createNoteViaApi(prasert.client);
    await createNoteViaApi(veena.client);

    const thai = await anon().get(`/api/people?q=${encodeURIComponent(`วีณา ใจดี ${mark}`)}`);
    expect(thai.status).toBe(200);
    expect(usernames(thai.body)).toEqual([veena.username]);
    expect(thai.body.items[0]).toEqual({
      username: veena.username,
      displayName: `วีณา ใจดี ${mark}`,
      organisation: `สสจ.นครศรีธรรมราช ${mark}`,
      province: 'นครศรีธรรมราช',
      expertise: ['การจัดการความรู้', 'อสม.', 'aar'],
      noteCount: 1,
      avatarUrl: null, // avatarUrl: added by the profile photo (extend only)
    });
    expect(thai.body).toMatchObject({ page: 1, pageCount: 1 });
    expect(usernames((await anon().get(`/api/people?q=somchai%20srisuk%20${mark}`)).body)).toEqual([somchai.username]);
    expect(usernames((await anon().get(`/api/people?q=${somchai.username}`)).body)).toEqual([somchai.username]);

    const inChiangMai = await anon().get(`/api/people?province=${encodeURIComponent('เชียงใหม่')}&q=${mark}`);
    expect(usernames(inChiangMai.body).sort()).toEqual([somchai.username, prasert.username].sort());
    const health = await anon().get(`/api/people?organisation=${encodeURIComponent('สสจ.')}&q=${mark}`);
    expect(usernames(health.body).sort()).toEqual([veena.username, prasert.username].sort());
    const km = await anon().get(`/api/people?expertise=${encodeURIComponent('การจัดการความรู้')}&q=${mark}`);
    expect(usernames(km.body).sort()).toEqual([veena.username, somchai.username].sort());
    const combined = await anon().get(
      `/api/people?expertise=${encodeURIComponent('การจัดการความรู้')}&province=${encodeURIComponent('เชียงใหม่')}&q=${mark}`,
    );
    expect(usernames(combined.body)).toEqual([somchai.username]);
    // Issue 24: a part of the word finds the compounds it is in ("แผนชุมชน", "กองทุนสวัสดิการชุมชน" style).
    const part = await anon().get(`/api/people?expertise=${encodeURIComponent('สวัสดิการ')}&q=${mark}`);
    expect(usernames(part.body)).toEqual([prasert.username]);
    const plan = await anon().get(`/api/people?expertise=${encodeURIComponent('ชุมชน')}&q=${mark}`);
    expect(usernames(plan.body)).toEqual([somchai.username]);

    // Sort by notes: prasert (2), veena (1), somchai (0); by recent activity: who last wrote first.
    expect(usernames((await anon().get(`/api/people?q=${mark}&sort=notes`)).body)).toEqual([
      prasert.username,
      veena.username,
      somchai.username,
    ]);
    expect(usernames((await anon().get(`/api/people?q=${mark}&sort=active`)).body)).toEqual([
      veena.username,
      prasert.username,
      somchai.username,
    ]);
    await somchai.client.post(`/api/notes/${await createNoteViaApi(veena.client, { title: 'ขอบคุณ' })}/comments`, { body: 'ความเห็นล่าสุด' });
    expect(usernames((await anon().get(`/api/people?q=${mark}&sort=active`)).body)[0]).toBe(somchai.username);

    // Counts follow deletes and drafts (kept by triggers); a short name search (under 3 letters) still finds people.
    const extra = await createNoteViaApi(somchai.client);
    const noteCountOf = async (username: string) => (await anon().get(`/api/people?q=${username}`)).body.items[0].noteCount;
    expect(await noteCountOf(somchai.username)).toBe(1);
    await somchai.client.patch(`/api/notes/${extra}`, { status: 'draft' });
    expect(await noteCountOf(somchai.username)).toBe(0);
    await somchai.client.patch(`/api/notes/${extra}`, { status: 'published' });
    await somchai.client.delete(`/api/notes/${extra}`);
    expect(await noteCountOf(somchai.username)).toBe(0);
    expect(
      usernames((await anon().get(`/api/people?q=${encodeURIComponent('วี')}&province=${encodeURIComponent('นครศรีธรรมราช')}`)).body),
    ).toContain(veena.username);

    // The HTML page lists the same people with data-username, avatar, organisation and expertise.
    const page = await anon().get(`/people?province=${encodeURIComponent('เชียงใหม่')}&q=${mark}&sort=notes`);
    expect(page.status).toBe(200);
    expect(dataUsernames(page.text)).toEqual([prasert.username, somchai.username]);
    expect(page.text).toContain('class="avatar');
    expect(page.text).toContain(`สสจ.เชียงใหม่ ${mark}`);
    expect(page.text).toContain('กองทุนสวัสดิการ');
    expect(page.text).toContain('<option value="เชียงใหม่" selected>');
  });

  it('never lists hidden members or suspended accounts, and never shows an email', async () => {
    const email = `hidden-${mark}@example.org`;
    const hidden = await member(`ซ่อนตัว ${mark}`, { province: 'ลำปาง', hiddenFromDirectory: 'on' });
    const suspended = await member(`ถูกระงับ ${mark}`, { province: 'ลำปาง' });
    const visible = await member(`เปิดเผย ${mark}`, { province: 'ลำปาง' });
    withDatabase(server.databasePath, (db) => db.prepare('UPDATE users SET email = ? WHERE username = ?').run(email, visible.username));
    const moderator = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    expect((await moderator.client.postForm(`/u/${suspended.username}/suspend`, {})).status).toBe(303);

    const api = await anon().get(`/api/people?province=${encodeURIComponent('ลำปาง')}`);
    expect(usernames(api.body)).toEqual([visible.username]);
    expect(api.text).not.toContain(email);
    const page = await anon().get(`/people?q=${mark}`);
    expect(dataUsernames(page.text)).toContain(visible.username);
    expect(dataUsernames(page.text)).not.toContain(hidden.username);
    expect(dataUsernames(page.text)).not.toContain(suspended.username);
    expect(page.text).not.toContain(email);
    // The hidden member's profile is still there for whoever has its address; signed-in readers do not find them either.
    expect((await anon().get(`/u/${hidden.username}`)).status).toBe(200);
    expect(usernames((await visible.client.get(`/api/people?q=${encodeURIComponent(`ซ่อนตัว ${mark}`)}`)).body)).toEqual([]);

    // Saving the profile leaves the listing as it is; giving the directory consent again brings them back (issue 25).
    await hidden.client.postForm('/settings', { action: 'profile', displayName: `ซ่อนตัว ${mark}`, province: 'ลำปาง' });
    expect(usernames((await anon().get(`/api/people?province=${encodeURIComponent('ลำปาง')}`)).body)).toEqual([visible.username]);
    await hidden.client.postForm('/settings/consents', { 'consent-directory': 'on' });
    expect(usernames((await anon().get(`/api/people?province=${encodeURIComponent('ลำปาง')}`)).body).sort()).toEqual(
      [visible.username, hidden.username].sort(),
    );
  });

  it('keeps position and expertise on the profile, and refuses an eleventh expertise', async () => {
    const person = await member(`ผู้เชี่ยวชาญ ${mark}`, { position: 'ปลัดอำเภอ', expertise: 'ประชาคม, แผนชุมชน' });
    const profile = await anon().get(`/u/${person.username}`);
    expect(profile.text).toContain('ปลัดอำเภอ');
    expect(profile.text).toContain(`href="/people?expertise=${encodeURIComponent('แผนชุมชน')}"`);
    const tooMany = await person.client.postForm('/settings', {
      action: 'profile',
      displayName: 'x',
      expertise: Array.from({ length: 11 }, (_, i) => `เรื่องที่ ${i}`).join(','),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('ไม่เกิน 10 คำ');
    expect((await anon().get(`/u/${person.username}`)).text).toContain('ประชาคม');
  });

  it('pages through long lists and treats odd queries as no filter', async () => {
    const marker = `หน้า${mark}`;
    for (let i = 0; i < 26; i++) await member(`${marker} คนที่ ${i}`);
    const first = await anon().get(`/api/people?q=${encodeURIComponent(marker)}`);
    expect(first.body.items).toHaveLength(24);
    expect(first.body.pageCount).toBe(2);
    const second = await anon().get(`/api/people?q=${encodeURIComponent(marker)}&page=2`);
    expect(second.body.items).toHaveLength(2);
    expect(new Set([...usernames(first.body), ...usernames(second.body)]).size).toBe(26);
    const odd = await anon().get(`/api/people?q=${encodeURIComponent(marker)}&page=-3&sort=bogus`);
    expect(odd.status).toBe(200);
    expect(odd.body.page).toBe(1);
    expect((await anon().get(`/people?q=${encodeURIComponent('100%_')}`)).status).toBe(200);
    const html = await anon().get(`/people?q=${encodeURIComponent(marker)}&page=2`);
    expect(html.text).toContain('หน้า 2 จาก 2');
  });
});
