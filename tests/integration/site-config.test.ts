import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { signedInClient, createNoteViaApi } from '../helpers/factories.ts';

describe('run-time configuration', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SITE_URL: 'https://banthuek.example' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('follows SITE_URL for cookies, HSTS, the allowed Origin and absolute URLs', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const login = await client.post('/api/auth/logout');
    expect(login.status).toBe(200);
    const again = await signedInClient(server.baseUrl);
    const res = await again.client.get('/');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const fromSite = again.client.withOrigin('https://banthuek.example');
    const created = await fromSite.post('/api/notes', { title: 'จากโดเมนจริง', body: 'เนื้อหา' });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`https://banthuek.example/notes/${created.body.id}`);
    expect((await again.client.withOrigin('https://banthuek.example.evil.test').post('/api/notes', { title: 'x', body: 'y' })).status).toBe(
      403,
    );
  });

  it('marks the session cookie Secure when the site is https', async () => {
    const anon = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': '203.0.113.250' });
    const res = await anon.post('/api/auth/register', { username: 'secureuser', password: 'password-123', displayName: 'ทดสอบ' });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});

describe('edit history', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows earlier versions of an edited note', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'ฉบับแรก', body: 'เนื้อหาเดิม' });
    expect((await new TestClient(server.baseUrl).get(`/notes/${id}/history`)).text).toContain('ยังไม่เคยถูกแก้ไข');
    await client.patch(`/api/notes/${id}`, { body: 'เนื้อหาใหม่' });
    const history = await new TestClient(server.baseUrl).get(`/notes/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('เนื้อหาเดิม');
  });

  it('shows others only texts that were published: not what was typed in a draft or while hidden', async () => {
    const { client } = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(client, { title: 'ร่างก่อนเผยแพร่', body: 'โทร 081-234-5678 ได้เลย', status: 'draft' });
    expect((await client.patch(`/api/notes/${id}`, { body: 'เนื้อหาที่เผยแพร่', status: 'published' })).status).toBe(200);
    expect((await client.patch(`/api/notes/${id}`, { body: 'แก้ครั้งที่สอง' })).status).toBe(200);
    const publicHistory = (await new TestClient(server.baseUrl).get(`/notes/${id}/history`)).text;
    expect(publicHistory).not.toContain('081-234-5678');
    expect(publicHistory).toContain('เนื้อหาที่เผยแพร่');
    const reader = await signedInClient(server.baseUrl);
    expect((await reader.client.get(`/notes/${id}/history`)).text).not.toContain('081-234-5678');
    expect((await client.get(`/notes/${id}/history`)).text).toContain('081-234-5678'); // the author sees every version
  });
});

describe('create-admin CLI', () => {
  it('creates the first admin, who can then sign in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banthuek-admin-'));
    try {
      const env = { ...process.env, DATABASE_PATH: join(dir, 'banthuek.db'), ADMIN_PASSWORD: 'admin-password-1' };
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/create-admin.ts', 'chief', 'หัวหน้า'], {
        env,
        encoding: 'utf8',
      });
      expect(out).toContain('@chief');
      const server = await startTestServer({}, { dataDir: dir });
      try {
        const login = await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'chief', password: 'admin-password-1' });
        expect(login.status).toBe(200);
        expect(login.body.role).toBe('admin');
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  });
});

describe('client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: '' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('ignores a client-sent X-Forwarded-For unless TRUST_PROXY is set, so per-IP limits cannot be dodged', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const client = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': `198.51.100.${i + 1}` });
      statuses.push(
        (await client.post('/api/auth/register', { username: `spoof${i}`, password: 'password-123', displayName: 'ทดสอบ' })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});
