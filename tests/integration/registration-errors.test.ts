import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { countRows } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('registration shows every problem after one submit', () => {
  it('a Thai username and a leaked password are both reported by the API, and nothing is created', async () => {
    const before = countRows(server.databasePath).users;
    const res = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
      username: 'สมชาย',
      password: 'password123',
      displayName: '',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['displayName', 'password', 'username']);
    expect(res.body.fields.password).toContain('รั่วไหล');
    expect(countRows(server.databasePath).users).toBe(before);
  });

  it('a taken username and a leaked password come back together (no 409 that hides the password error)', async () => {
    const username = uniqueUsername('taken');
    expect(
      (await clientFromNewAddress(server.baseUrl).post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'คนแรก' }))
        .status,
    ).toBe(201);
    const res = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
      username,
      password: 'password123',
      displayName: 'คนที่สอง',
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.username).toContain('มีผู้ใช้แล้ว');
    expect(res.body.fields.password).toContain('รั่วไหล');
    const alone = await clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
      username,
      password: TEST_PASSWORD,
      displayName: 'คนที่สาม',
    });
    expect(alone.status).toBe(409);
  });

  it('the HTML form lists all errors in a summary linking to each field and never echoes the password', async () => {
    const res = await clientFromNewAddress(server.baseUrl).postForm('/register', {
      username: 'สมชาย',
      password: 'password123',
      displayName: 'สมชาย',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="alert error-summary"');
    expect(res.text).toContain('href="#username"');
    expect(res.text).toContain('href="#password"');
    expect(res.text).not.toContain('password123');
    expect(res.text).toContain('value="สมชาย"');
  });
});
