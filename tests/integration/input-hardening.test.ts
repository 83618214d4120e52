/**
 * Hostile input through the running server: an XSS table through every field people fill in
 * (checked in every page that shows it), unicode tricks in names, and oversize or malformed input
 * for every endpoint — which must get an honest 4xx and leave the database exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient, type TestResponse } from '../helpers/client.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { countRows, signedInWithRole, snapshotContent, withDatabase } from '../helpers/roles.ts';
import { findUnsafeMarkup } from '../helpers/html.ts';
import { XSS_PAYLOADS } from '../helpers/xss-payloads.ts';
import { KHON_KAEN, workshopAar } from '../helpers/km.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const anon = () => new TestClient(server.baseUrl);

/** Fetches `path` and expects nothing on the page could execute. */
async function expectSafePage(client: TestClient, path: string, label: string) {
  const res = await client.get(path);
  expect(res.status, `${label}: ${path}`).toBeLessThan(500);
  if ((res.headers.get('content-type') ?? '').includes('html'))
    expect(findUnsafeMarkup(res.text, res.headers.get('content-security-policy')), `${label}: ${path}`).toEqual([]);
  else expect(res.headers.get('content-type'), path).toContain('application/json');
  return res;
}

/** A refused request must be a 4xx and leave every table as it was. */
async function expectRefusedUnchanged(send: () => Promise<TestResponse>, label: string): Promise<TestResponse> {
  const before = snapshotContent(server.databasePath);
  const res = await send();
  expect(res.status, `${label} → ${res.status} ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(snapshotContent(server.databasePath), label).toBe(before);
  return res;
}

describe('XSS table through every field', () => {
  it(
    `${XSS_PAYLOADS.length} payloads in notes, titles, tags, comments, profiles and reports: nothing executes anywhere they are shown`,
    { timeout: 240_000 },
    async () => {
      const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
      const admin = await signedInWithRole(server.baseUrl, server.databasePath, 'admin', 'admin');
      let reporter = await signedInClient(server.baseUrl);
      const tags = new Set<string>();
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        const label = `payload #${i} ${JSON.stringify(payload).slice(0, 60)}`;
        // Profile fields at sign-up; a refusal must store no account.
        const client = clientFromNewAddress(server.baseUrl);
        const username = uniqueUsername('xss');
        const profile = { displayName: payload, organisation: payload, province: payload };
        let reg = await client.post('/api/auth/register', { username, password: TEST_PASSWORD, ...profile });
        if (reg.status !== 201) {
          expect(reg.status, label).toBe(400);
          expect(countRows(server.databasePath).users).toBe(
            withDatabase(server.databasePath, (db) => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n),
          );
          reg = await client.post('/api/auth/register', {
            username,
            password: TEST_PASSWORD,
            displayName: 'ผู้เขียน',
            organisation: payload.slice(0, 120),
          });
        }
        expect(reg.status, label).toBe(201);
        const bio = await client.postForm('/settings', {
          action: 'profile',
          displayName: payload.slice(0, 80).trim() || 'ผู้เขียน',
          organisation: '',
          province: payload.slice(0, 120),
          bio: payload,
        });
        expect([303, 400], label).toContain(bio.status);

        // Title, body and tags together; a refused tag must not leave a note behind.
        let created = await client.post('/api/notes', {
          title: payload.slice(0, 200),
          body: payload,
          tags: [payload.slice(0, 50), 'ทดสอบ'],
        });
        if (created.status === 400) {
          expect(Object.keys(created.body.fields ?? {}), label).not.toContain('body');
          created = await client.post('/api/notes', { title: payload.slice(0, 200).trim() || 'ชื่อ', body: payload, tags: ['ทดสอบ'] });
        } else {
          tags.add(payload.slice(0, 50));
        }
        expect(created.status, `${label}: ${created.text}`).toBe(201);
        const id = created.body.id as number;
        expect((await client.post(`/api/notes/${id}/comments`, { body: payload })).status, label).toBe(201);
        if (i % 15 === 14) reporter = await signedInClient(server.baseUrl);
        expect(
          (await reporter.client.post('/api/reports', { targetType: 'note', targetId: id, reason: payload.slice(0, 1000) })).status,
          label,
        ).toBe(201);

        await expectSafePage(anon(), `/notes/${id}`, label);
        await expectSafePage(client, `/notes/${id}`, label);
        await expectSafePage(client, `/notes/${id}/edit`, label);
        await expectSafePage(client, '/settings', label);
        await expectSafePage(anon(), `/u/${username}`, label);
        await expectSafePage(anon(), `/api/notes/${id}`, label);
        // Reflected: the payload as a path segment.
        await expectSafePage(anon(), `/tags/${encodeURIComponent(payload)}`, label);
        await expectSafePage(anon(), `/u/${encodeURIComponent(payload)}`, label);
      }
      for (const tag of tags) await expectSafePage(anon(), `/tags/${encodeURIComponent(tag)}`, `tag ${tag}`);
      for (let page = 1; page <= Math.ceil(XSS_PAYLOADS.length / 20); page++) await expectSafePage(anon(), `/?page=${page}`, 'home');
      const queue = await expectSafePage(mod.client, '/moderation', 'moderator queue');
      expect(queue.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // shown as text, not dropped
      // Hide one to put something in the audit log, then read it.
      await mod.client.post('/api/moderation', { action: 'hide', targets: [{ type: 'note', id: 1 }] });
      await expectSafePage(admin.client, '/admin/audit', 'audit log');
    },
  );
});

describe('XSS table through every AAR field', () => {
  it(
    "organisers' AARs carrying each payload in every text field render safely on the note, the AAR list and the edit form",
    { timeout: 180_000 },
    async () => {
      const anonClient = clientFromNewAddress(server.baseUrl);
      const provinceCode = new RegExp(`<option value="(\\d+)">\\s*${KHON_KAEN.provinceName}\\s*</option>`).exec(
        (await anonClient.get('/aar')).text,
      )![1]!;
      const { body: places } = await anonClient.get(`/api/places/${provinceCode}`);
      const district = places.districts.find((d: any) => d.name === KHON_KAEN.districtName);
      const place = {
        provinceCode,
        districtCode: district.code,
        subdistrictCode: district.subdistricts.find((x: any) => x.name === KHON_KAEN.subdistrictName).code,
      };
      let organiser = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'org');
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        const label = `AAR payload #${i} ${JSON.stringify(payload).slice(0, 60)}`;
        if (i % 15 === 14) organiser = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'org');
        const short = payload.slice(0, 200).trim() || 'x';
        const aar = workshopAar(place, {
          eventTitle: short,
          venue: short,
          hosts: short,
          partners: short,
          facilitator: short,
          noteTaker: short,
          subGroups: [{ name: short, people: 10, topic: short }],
          expected: payload,
          exceeded: payload,
          fellShort: payload,
          nextSteps: payload,
          lessons: payload,
          actions: [{ action: short, owner: short, due: '2025-05-01' }],
        });
        const created = await organiser.client.post('/api/aar', aar);
        expect(created.status, `${label}: ${created.text.slice(0, 200)}`).toBe(201);
        const id = created.body.id as number;
        await expectSafePage(anon(), `/notes/${id}`, label);
        await expectSafePage(organiser.client, `/aar/${id}/edit`, label);
      }
      for (let page = 1; page <= Math.ceil(XSS_PAYLOADS.length / 20); page++) await expectSafePage(anon(), `/aar?page=${page}`, 'AAR list');
      await expectSafePage(anon(), '/api/aar', 'AAR API');
    },
  );
});

describe('unicode oddities in usernames and names', () => {
  const TRICKY_USERNAMES = [
    'admin\u200B',
    '\u202Eadmin',
    'adm\u202Ein',
    'ad\u00ADmin',
    'admin\uFEFF',
    'admin\u2060',
    'ａｄｍｉｎ',
    '\u0430dmin' /* Cyrillic а */,
    'admin\u0301',
    'e\u0301ric',
    'สมชาย',
    'admin\u0000',
    'ad\nmin',
    '😀admin',
    '-admin',
    '.admin',
    '_admin',
    'admin/..',
    'admin%2F',
    'ad min',
    'ab',
    'a'.repeat(31),
    '<script>',
    "admin'--",
    'ad\u2028min',
  ];

  it.each(TRICKY_USERNAMES)('username %j is refused with a Thai message and stores nothing', async (username) => {
    const res = await expectRefusedUnchanged(
      () => clientFromNewAddress(server.baseUrl).post('/api/auth/register', { username, password: TEST_PASSWORD, displayName: 'ทดสอบ' }),
      JSON.stringify(username),
    );
    expect(res.status).toBe(400);
    expect(res.body.fields.username).toMatch(/ชื่อผู้ใช้/);
  });

  it('a username differing only in case or surrounding spaces is the same name', async () => {
    const { username } = await signedInClient(server.baseUrl);
    for (const variant of [username.toUpperCase(), ` ${username} `]) {
      const res = await expectRefusedUnchanged(
        () =>
          clientFromNewAddress(server.baseUrl).post('/api/auth/register', {
            username: variant,
            password: TEST_PASSWORD,
            displayName: 'ซ้ำ',
          }),
        variant,
      );
      expect(res.status).toBe(409);
    }
  });

  it('display names and titles lose bidi overrides and zero-width characters, keep Thai marks, and are NFC', async () => {
    const client = clientFromNewAddress(server.baseUrl);
    const res = await client.post('/api/auth/register', {
      username: uniqueUsername('uni'),
      password: TEST_PASSWORD,
      displayName: '\u202Eสม\u200Bชาย\u202C e\u0301',
    });
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe('สมชาย é');
    const id = await createNoteViaApi(client, { title: 'ชื่อ\u2066เรื่อง\u2069\u200B', tags: ['\u202Eแท็ก'] });
    const note = (await client.get(`/api/notes/${id}`)).body;
    expect(note.title).toBe('ชื่อเรื่อง');
    expect(note.tags).toEqual(['แท็ก']);
    const invisibleOnly = await expectRefusedUnchanged(
      () => client.post('/api/notes', { title: '\u200B\u202E\u200D', body: 'x' }),
      'invisible title',
    );
    expect(invisibleOnly.body.fields.title).toMatch(/กรุณากรอก/);
  });
});

describe('oversize and malformed input for every endpoint', () => {
  it('gets an honest 4xx and leaves the database unchanged', { timeout: 120_000 }, async () => {
    const owner = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(owner.client);
    const { body: comment } = await owner.client.post(`/api/notes/${id}/comments`, { body: 'ความเห็น' });
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const organiser = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'org');
    const c = owner.client;
    const big = (n: number) => 'ก'.repeat(n);
    const tooLarge = JSON.stringify({ title: 't', body: 'x'.repeat(1_100_000) });
    const jsonEndpoints: [string, string, TestClient][] = [
      ['POST', '/api/auth/register', anon()],
      ['POST', '/api/auth/login', anon()],
      ['POST', '/api/notes', c],
      ['PATCH', `/api/notes/${id}`, c],
      ['POST', `/api/notes/${id}/comments`, c],
      ['PATCH', `/api/comments/${comment.id}`, c],
      ['POST', '/api/reports', c],
      ['POST', '/api/moderation', mod.client],
      ['POST', '/api/auth/password-reset', anon()],
      ['POST', '/api/auth/password-reset/confirm', anon()],
      ['POST', '/api/aar', organiser.client],
      ['POST', '/api/communities', c],
      ['POST', '/api/drafts', c],
      ['POST', '/api/preview', c],
    ];
    const malformedBodies: [string, { body: string; headers?: Record<string, string> }][] = [
      ['broken JSON', { body: '{"title": "x",', headers: { 'content-type': 'application/json' } }],
      ['JSON null', { body: 'null', headers: { 'content-type': 'application/json' } }],
      ['JSON array', { body: '[1,2,3]', headers: { 'content-type': 'application/json' } }],
      ['JSON string', { body: '"hello"', headers: { 'content-type': 'application/json' } }],
      ['empty body', { body: '', headers: { 'content-type': 'application/json' } }],
      ['text/plain', { body: 'title=x&body=y', headers: { 'content-type': 'text/plain' } }],
      ['form-encoded to a JSON API', { body: 'title=x&body=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      [
        'wrong types everywhere',
        {
          body: JSON.stringify({
            username: 1,
            password: [],
            displayName: {},
            title: 5,
            body: { a: 1 },
            tags: [1, {}],
            targetType: 9,
            targetId: 'x',
            reason: [],
            action: 'drop table',
            userId: -1,
            login: {},
            token: 7,
            newPassword: null,
            parentId: 'abc',
            licence: {},
          }),
          headers: { 'content-type': 'application/json' },
        },
      ],
      [
        'prototype pollution',
        {
          body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}}}',
          headers: { 'content-type': 'application/json' },
        },
      ],
      ['over 1 MB', { body: tooLarge, headers: { 'content-type': 'application/json' } }],
      [
        'invalid UTF-8',
        {
          body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'),
          headers: { 'content-type': 'application/json' },
        },
      ],
    ];
    for (const [method, path, client] of jsonEndpoints) {
      for (const [name, init] of malformedBodies)
        await expectRefusedUnchanged(() => client.request(method, path, init), `${method} ${path} with ${name}`);
    }

    // Each field just past its limit, everything else valid.
    const overLimit: [string, string, unknown, TestClient][] = [
      [
        'POST',
        '/api/auth/register',
        { username: 'a'.repeat(31), password: TEST_PASSWORD, displayName: 'x' },
        clientFromNewAddress(server.baseUrl),
      ],
      [
        'POST',
        '/api/auth/register',
        { username: uniqueUsername(), password: 'p'.repeat(201), displayName: 'x' },
        clientFromNewAddress(server.baseUrl),
      ],
      [
        'POST',
        '/api/auth/register',
        { username: uniqueUsername(), password: TEST_PASSWORD, displayName: big(81) },
        clientFromNewAddress(server.baseUrl),
      ],
      [
        'POST',
        '/api/auth/register',
        { username: uniqueUsername(), password: TEST_PASSWORD, displayName: 'x', organisation: big(121) },
        clientFromNewAddress(server.baseUrl),
      ],
      [
        'POST',
        '/api/auth/register',
        { username: uniqueUsername(), password: TEST_PASSWORD, displayName: 'x', email: `${'a'.repeat(250)}@x.th` },
        clientFromNewAddress(server.baseUrl),
      ],
      ['POST', '/api/notes', { title: big(201), body: 'x' }, c],
      ['POST', '/api/notes', { title: 't', body: big(70_000) }, c],
      ['POST', '/api/notes', { title: 't', body: 'x', tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }, c],
      ['POST', '/api/notes', { title: 't', body: 'x', tags: [big(51)] }, c],
      ['POST', '/api/notes', { title: 't', body: 'x', tags: ['ok', 'bad/tag'] }, c],
      ['POST', '/api/notes', { title: 't', body: 'x', status: 'deleted' }, c],
      ['PATCH', `/api/notes/${id}`, { body: big(70_000) }, c],
      ['PATCH', `/api/notes/${id}`, { title: 'ok', tags: [big(51)] }, c],
      ['POST', `/api/notes/${id}/comments`, { body: big(7_000) }, c],
      ['POST', `/api/notes/${id}/comments`, { body: 'x', parentId: 1.5 }, c],
      ['POST', `/api/notes/${id}/comments`, { body: 'x', parentId: 999_999 }, c],
      ['PATCH', `/api/comments/${comment.id}`, { body: big(7_000) }, c],
      ['POST', '/api/reports', { targetType: 'note', targetId: id, reason: big(1_001) }, mod.client],
      ['POST', '/api/reports', { targetType: 'note', targetId: 1e300, reason: 'x'.repeat(10) }, mod.client],
      ['POST', '/api/moderation', { action: 'hide', targets: Array.from({ length: 501 }, () => ({ type: 'note', id })) }, mod.client],
      ['POST', '/api/moderation', { action: 'hide', targets: [] }, mod.client],
      ['POST', '/api/auth/password-reset', { login: big(255) }, anon()],
      ['POST', '/api/auth/password-reset/confirm', { token: 'a'.repeat(81), newPassword: TEST_PASSWORD }, anon()],
    ];
    for (const [method, path, json, client] of overLimit) {
      const res = await expectRefusedUnchanged(
        () => client.request(method, path, { json }),
        `${method} ${path} ${JSON.stringify(json).slice(0, 80)}`,
      );
      expect(typeof res.body.error, path).toBe('string');
      expect(res.body.error, path).toMatch(/[ก-๙]/); // a Thai sentence
    }

    // HTML form routes: wrong content type, broken multipart, oversize, fields past their limits.
    const formRoutes: [string, TestClient, Record<string, string>][] = [
      ['/register', clientFromNewAddress(server.baseUrl), { username: uniqueUsername(), password: TEST_PASSWORD, displayName: big(81) }],
      ['/login', clientFromNewAddress(server.baseUrl), { username: big(200), password: 'x' }],
      ['/notes/new', c, { title: big(201), body: 'x' }],
      [`/notes/${id}/edit`, c, { title: 't', body: big(70_000) }],
      [`/notes/${id}`, c, { body: big(7_000) }],
      [`/comments/${comment.id}/edit`, c, { body: big(7_000) }],
      [`/notes/${id}/report`, mod.client, { reason: big(1_001) }],
      [`/comments/${comment.id}/report`, mod.client, { reason: '' }],
      ['/settings', c, { action: 'profile', displayName: big(81) }],
      ['/settings', c, { action: 'profile', displayName: 'x', bio: big(2_001) }],
      ['/settings', c, { action: 'email', email: 'x'.repeat(300), currentPassword: TEST_PASSWORD }],
      ['/settings', c, { action: 'password', currentPassword: TEST_PASSWORD, newPassword: 'short' }],
      ['/forgot-password', clientFromNewAddress(server.baseUrl), { login: big(255) }],
      ['/reset-password', anon(), { token: 'zzzz', newPassword: TEST_PASSWORD }],
      ['/moderation', mod.client, { action: 'hide', target: 'note:abc' }],
      ['/moderation', mod.client, { action: 'purge:notanumber' }],
    ];
    for (const [path, client, form] of formRoutes) {
      await expectRefusedUnchanged(() => client.request('POST', path, { form }), `form ${path} ${JSON.stringify(form).slice(0, 60)}`);
      await expectRefusedUnchanged(
        () => client.request('POST', path, { body: JSON.stringify(form), headers: { 'content-type': 'application/json' } }),
        `JSON to form ${path}`,
      );
      await expectRefusedUnchanged(
        () => client.request('POST', path, { body: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } }),
        `broken multipart to ${path}`,
      );
      await expectRefusedUnchanged(
        () =>
          client.request('POST', path, {
            body: `body=${'x'.repeat(1_100_000)}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
        `oversize form to ${path}`,
      );
    }

    // Ids that are not ids.
    for (const path of [
      '/api/notes/0',
      '/api/notes/-1',
      '/api/notes/1e3',
      '/api/notes/99999999999999999999',
      '/api/notes/%00',
      '/api/comments/abc',
    ]) {
      await expectRefusedUnchanged(() => c.request('PATCH', path, { json: { title: 'x', body: 'y' } }), `PATCH ${path}`);
    }
  });
});
