import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { countRows } from '../helpers/roles.ts';
import { RATE_LIMITS } from '~/lib/server/rate-limit.ts';
import { sendUntilRefused } from '../helpers/rate-limits.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Expects a 429 with Retry-After and a Thai sentence saying when to try again. */
function expectLimited(res: { status: number; headers: Headers; body: any; text: string }) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(typeof res.body === 'object' ? res.body.error : res.text).toMatch(/ลองใหม่ในอีกประมาณ \d+ (นาที|ชั่วโมง)/);
}

const registration = (username = uniqueUsername('reg')) => ({ username, password: TEST_PASSWORD, displayName: 'สมาชิกใหม่' });

describe('token buckets answer 429 with when to try again', () => {
  it('comments: per account, then per address across accounts', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const ip = { 'x-forwarded-for': '198.51.100.7' };
    const accounts: TestClient[] = [];
    for (let i = 0; i < 3; i++) {
      const { client, username } = await signedInClient(server.baseUrl);
      const sameAddress = new TestClient(server.baseUrl, server.baseUrl, ip);
      await sameAddress.post('/api/auth/login', { username, password: TEST_PASSWORD });
      accounts.push(sameAddress);
      void client;
    }
    const first = await sendUntilRefused(
      (i) => accounts[0]!.post(`/api/notes/${id}/comments`, { body: `ความเห็น ${i}` }),
      RATE_LIMITS.commentPerUser,
      {
        accepted: 201,
      },
    );
    expectLimited(first.refusal);
    // The address's bucket gave the first account's comments too; a second account gets what is left of it.
    const second = await sendUntilRefused(
      (i) => accounts[1]!.post(`/api/notes/${id}/comments`, { body: `อีกคน ${i}` }),
      RATE_LIMITS.commentPerIp,
      {
        accepted: 201,
        available: RATE_LIMITS.commentPerIp.capacity - first.accepted,
      },
    );
    expectLimited(second.refusal);
    const third = await accounts[2]!.post(`/api/notes/${id}/comments`, { body: 'คนที่สามจากที่อยู่เดียวกัน' });
    expectLimited(third);
    // The comment form shows the same Thai sentence on the page.
    const form = await accounts[2]!.postForm(`/notes/${id}`, { body: 'ผ่านฟอร์ม' });
    expect(form.status).toBe(429);
    expect(form.text).toMatch(/ลองใหม่ในอีกประมาณ/);
  });

  it('notes per account', async () => {
    const { client } = await signedInClient(server.baseUrl);
    for (let i = 0; i < RATE_LIMITS.notePerUser.capacity; i++) await createNoteViaApi(client, { title: `บันทึก ${i}` });
    const before = countRows(server.databasePath).notes;
    expectLimited(await client.post('/api/notes', { title: 'เกิน', body: 'เกิน' }));
    expect(countRows(server.databasePath).notes).toBe(before);
  });

  it('drafts count against the per-address note limit like published notes', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.23' };
    const atOneAddress = [];
    for (let i = 0; i < 4; i++) {
      const { username } = await signedInClient(server.baseUrl);
      const client = new TestClient(server.baseUrl, server.baseUrl, ip);
      await client.post('/api/auth/login', { username, password: TEST_PASSWORD });
      atOneAddress.push(client);
    }
    const draft = { title: 'ร่าง', body: 'ร่างบันทึก', tags: [] };
    const perAccount = RATE_LIMITS.notePerUser.capacity;
    const accountsToFillIp = RATE_LIMITS.notePerIp.capacity / perAccount;
    for (let a = 0; a < accountsToFillIp; a++) {
      for (let i = 0; i < perAccount; i++) expect((await atOneAddress[a]!.post('/api/drafts', draft)).status).toBe(201);
    }
    expectLimited(await atOneAddress[accountsToFillIp]!.post('/api/drafts', draft));
  });

  it('draft autosaves per account', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const draft = { title: 'ร่าง', body: 'ร่างบันทึก', tags: [] };
    const { id } = (await client.post('/api/drafts', draft)).body as { id: number };
    const save = (i: number) => client.request('PUT', `/api/drafts/${id}`, { json: { ...draft, body: `ร่าง ${i}` } });
    // The bucket refills a token every couple of seconds: saves go on until it refuses.
    expectLimited((await sendUntilRefused(save, RATE_LIMITS.draftSavePerUser)).refusal);
  });

  it('note and comment edits share one bucket per account, and nothing changes once it is empty', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(client);
    const commentId = (await client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นแรก' })).body.id as number;
    const edit = (i: number) =>
      i % 2
        ? client.patch(`/api/notes/${noteId}`, { body: `แก้ครั้งที่ ${i}` })
        : client.patch(`/api/comments/${commentId}`, { body: `แก้ความเห็น ${i}` });
    expectLimited((await sendUntilRefused(edit, RATE_LIMITS.editPerUser)).refusal);
    expectLimited(await client.patch(`/api/notes/${noteId}`, { body: 'ไม่ควรบันทึก' }));
    expectLimited(await client.patch(`/api/comments/${commentId}`, { body: 'ไม่ควรบันทึก' }));
    expect((await client.get(`/api/notes/${noteId}`)).body.body).not.toContain('ไม่ควรบันทึก');
  });

  it('edits per address across accounts', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.31' };
    const perAccount = RATE_LIMITS.editPerUser.capacity;
    const accountsToFillIp = RATE_LIMITS.editPerIp.capacity / perAccount;
    const atOneAddress = [];
    for (let i = 0; i <= accountsToFillIp; i++) {
      const { username } = await signedInClient(server.baseUrl);
      const client = new TestClient(server.baseUrl, server.baseUrl, ip);
      await client.post('/api/auth/login', { username, password: TEST_PASSWORD });
      atOneAddress.push({ client, noteId: await createNoteViaApi(client) });
    }
    for (let a = 0; a < accountsToFillIp; a++) {
      const { client, noteId } = atOneAddress[a]!;
      for (let i = 0; i < perAccount; i++) expect((await client.patch(`/api/notes/${noteId}`, { body: `แก้ ${i}` })).status).toBe(200);
    }
    const { client, noteId } = atOneAddress[accountsToFillIp]!;
    let last = await client.patch(`/api/notes/${noteId}`, { body: 'แก้เกิน' });
    for (let i = 0; i < 5 && last.status === 200; i++) last = await client.patch(`/api/notes/${noteId}`, { body: `แก้เกิน ${i}` });
    expectLimited(last);
  });

  it('the current-password check in /settings, per account (password and email forms share it)', async () => {
    const { client } = await signedInClient(server.baseUrl);
    for (let i = 0; i < RATE_LIMITS.passwordCheckPerAccount.capacity; i++) {
      const form: Record<string, string> =
        i % 2
          ? { action: 'email', email: 'x@example.com', currentPassword: `wrong ${i}` }
          : {
              action: 'password',
              currentPassword: `wrong ${i}`,
              newPassword: 'another long passphrase 9',
              confirmPassword: 'another long passphrase 9',
            };
      expect((await client.postForm('/settings', form)).status).toBe(400);
    }
    const limited = await client.postForm('/settings', {
      action: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'another long passphrase 9',
      confirmPassword: 'another long passphrase 9',
    });
    expect(limited.status).toBe(429);
    expect(limited.text).toMatch(/ลองใหม่ในอีกประมาณ \d+ นาที/);
  });

  it('registrations per address', async () => {
    const client = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < RATE_LIMITS.registerPerIp.capacity; i++) {
      expect((await client.post('/api/auth/register', registration())).status).toBe(201);
      await client.post('/api/auth/logout');
    }
    const before = countRows(server.databasePath).users;
    expectLimited(await client.post('/api/auth/register', registration()));
    const page = await client.postForm('/register', registration());
    expect(page.status).toBe(429);
    expect(page.text).toMatch(/ลองใหม่ในอีกประมาณ \d+ นาที/);
    expect(countRows(server.databasePath).users).toBe(before);
  });

  it('logins per address, whatever the account names', async () => {
    const client = clientFromNewAddress(server.baseUrl);
    for (let i = 0; i < RATE_LIMITS.loginPerIp.capacity; i++) {
      expect((await client.post('/api/auth/login', { username: `nobody${i}`, password: 'wrong password' })).status).toBe(400);
    }
    expectLimited(await client.post('/api/auth/login', { username: 'nobody-else', password: 'wrong password' }));
  });
});

describe('client address', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const direct = await startTestServer({ TRUST_PROXY: '0' });
    try {
      for (let i = 0; i < RATE_LIMITS.registerPerIp.capacity; i++) {
        const spoofing = new TestClient(direct.baseUrl, direct.baseUrl, { 'x-forwarded-for': `192.0.2.${i + 1}` });
        expect((await spoofing.post('/api/auth/register', registration())).status).toBe(201);
      }
      const spoofing = new TestClient(direct.baseUrl, direct.baseUrl, { 'x-forwarded-for': '192.0.2.200' });
      expectLimited(await spoofing.post('/api/auth/register', registration()));
    } finally {
      await direct.stop();
    }
  });
});

describe('client address behind our proxy (TRUST_PROXY=1)', () => {
  it('believes only the entry our proxy appended, not what the client wrote before it', async () => {
    for (let i = 0; i < RATE_LIMITS.registerPerIp.capacity; i++) {
      const client = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.77` });
      expect((await client.post('/api/auth/register', registration())).status).toBe(201);
    }
    const client = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': '192.0.2.99, 203.0.113.77' });
    expectLimited(await client.post('/api/auth/register', registration()));
  });
});

describe('limits are kept in SQLite', () => {
  it('an exhausted bucket stays exhausted across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'banthuek-restart-'));
    try {
      let first: TestServer | undefined = await startTestServer({}, { dataDir });
      const client = clientFromNewAddress(first.baseUrl);
      for (let i = 0; i < RATE_LIMITS.registerPerIp.capacity; i++)
        expect((await client.post('/api/auth/register', registration())).status).toBe(201);
      expectLimited(await client.post('/api/auth/register', registration()));
      await first.stop();
      first = undefined;
      const second = await startTestServer({}, { dataDir });
      try {
        const again = new TestClient(second.baseUrl, second.baseUrl, { 'x-forwarded-for': (client as any).headers['x-forwarded-for'] });
        expectLimited(await again.post('/api/auth/register', registration()));
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  });
});

describe('honeypot', () => {
  const filled = { website: 'http://spam.example' };
  it('public forms carry a hidden field people do not see', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client);
    for (const [c, path] of [
      [new TestClient(server.baseUrl), '/register'],
      [new TestClient(server.baseUrl), '/login'],
      [client, '/notes/new'],
      [client, `/notes/${id}`],
    ] as const) {
      const html = (await c.get(path)).text;
      expect(html, path).toMatch(/<div class="honeypot" aria-hidden="true">[\s\S]*?name="website"[^>]*tabindex="-1"/);
    }
  });

  it('a filled honeypot gets a polite Thai error and stores nothing', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client);
    const before = countRows(server.databasePath);
    const anon = clientFromNewAddress(server.baseUrl);
    const attempts = [
      await anon.postForm('/register', { ...registration(), ...filled }),
      await anon.postForm('/login', { username: 'someone', password: TEST_PASSWORD, ...filled }),
      await client.postForm('/notes/new', { title: 'บอท', body: 'สแปม', ...filled }),
      await client.postForm(`/notes/${id}`, { body: 'สแปม', ...filled }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('ระบบไม่สามารถรับข้อมูลจากแบบฟอร์มนี้ได้');
    }
    expect(anon.getCookie('banthuek_session')).toBeUndefined();
    expect(countRows(server.databasePath)).toEqual(before);
  });
});

describe('links in comments', () => {
  it('get rel="nofollow ugc noopener" (and open outside links in a new tab)', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client);
    await client.post(`/api/notes/${id}/comments`, {
      body: 'ดู [เว็บนี้](https://example.com/x) และ <https://example.org> และ [ในเว็บ](/tags/x)',
    });
    const html = (await new TestClient(server.baseUrl).get(`/notes/${id}`)).text;
    const section = html.slice(html.indexOf('id="comments"'));
    const anchors = [...section.matchAll(/<a [^>]*href="([^"]+)"[^>]*>/g)].filter((m) => /example\.(com|org)|\/tags\/x/.test(m[1]!));
    expect(anchors).toHaveLength(3);
    for (const [tag] of anchors) expect(tag).toContain('rel="nofollow ugc noopener"');
    expect(anchors.filter(([tag]) => tag.includes('target="_blank"'))).toHaveLength(2);
  });
});
