/**
 * Issue 12 §5: every form that reports field errors answers with one summary at the top, linking
 * to each invalid field, and names the first one for the focus script; the bad post changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient, type TestResponse } from '../helpers/client.ts';
import { signedInClient } from '../helpers/factories.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The summary's links in order, and the field the focus script goes to first. */
function summaryOf(res: TestResponse): { links: string[]; first: string | undefined } {
  expect(res.text.match(/id="error-summary"/g), 'exactly one error summary').toHaveLength(1);
  const summary = /<div class="alert error-summary"[^]*?<\/div>/.exec(res.text)![0];
  return {
    links: [...summary.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]!),
    first: /data-first-error="([^"]+)"/.exec(summary)?.[1],
  };
}

/** Every linked field exists on the page, so a link never points at nothing. */
function expectFieldsExist(res: TestResponse, ids: string[]) {
  for (const id of ids) expect(res.text, `#${id} on the page`).toMatch(new RegExp(`id="${id}"`));
}

describe('forms summarise their errors and point at the first invalid field', () => {
  it('the event form (new and edit)', async () => {
    const organiser = await signedInClient(server.baseUrl);
    const res = await organiser.client.postForm('/events/new', { title: '', startDate: '31/02/2568', endDate: '12/03/3111' });
    expect(res.status).toBe(400);
    expect(summaryOf(res)).toEqual({ links: ['title', 'startDate', 'endDate'], first: 'title' });
    expectFieldsExist(res, ['title', 'startDate', 'endDate']);
    expect((await organiser.client.get('/api/events')).body.filter((e: { title: string }) => e.title === '')).toEqual([]);

    const created = await organiser.client.post('/api/events', { title: 'เวทีที่จะแก้', startDate: '2025-03-12' });
    const edit = await organiser.client.postForm(`/events/${created.body.id}/edit`, {
      title: 'เวทีที่จะแก้',
      startDate: '12/03/2568',
      endDate: '11/03/2568',
    });
    expect(edit.status).toBe(400);
    expect(summaryOf(edit)).toEqual({ links: ['endDate'], first: 'endDate' });
    expect((await organiser.client.get(`/api/events/${created.body.id}`)).body.endDate).toBeNull();
  });

  it("the community create form and the owner's settings form on the manage page", async () => {
    const owner = await signedInClient(server.baseUrl);
    const created = await owner.client.postForm('/communities/new', { name: 'ก', joinPolicy: 'open' });
    expect(created.status).toBe(400);
    expect(summaryOf(created)).toEqual({ links: ['name'], first: 'name' });
    expectFieldsExist(created, ['name']);

    const name = `ชุมชนตั้งค่า ${process.pid}`;
    const community = (await owner.client.post('/api/communities', { name })).body as { slug: string };
    const manage = `/communities/${encodeURIComponent(community.slug)}/manage`;
    const updated = await owner.client.postForm(manage, {
      action: 'update',
      name: 'ข',
      description: 'คำอธิบายที่พิมพ์ไว้',
      joinPolicy: 'request',
    });
    expect(updated.status).toBe(400);
    expect(summaryOf(updated)).toEqual({ links: ['name'], first: 'name' });
    expectFieldsExist(updated, ['name']);
    // What the owner typed is kept for them to fix; the community is unchanged.
    expect(updated.text).toContain('คำอธิบายที่พิมพ์ไว้');
    expect((await owner.client.get(`/api/communities/${encodeURIComponent(community.slug)}`)).body).toMatchObject({
      name,
      joinPolicy: 'open',
    });
    // Other manage actions keep their one-line message.
    const unknown = await owner.client.postForm(manage, { action: 'invite-user', username: 'ไม่มีคนนี้' });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.text).not.toContain('id="error-summary"');
  });

  it('settings, series, sign-in and password recovery', async () => {
    const member = await signedInClient(server.baseUrl);
    const profile = await member.client.postForm('/settings', { displayName: '' });
    expect(profile.status).toBe(400);
    expect(summaryOf(profile).first).toBe('displayName');
    const email = await member.client.postForm('/settings', { action: 'email', email: 'ไม่ใช่อีเมล', currentPassword: '' });
    expect(email.status).toBe(400);
    const emailSummary = summaryOf(email);
    expect(emailSummary.links).toContain('email');
    expectFieldsExist(email, emailSummary.links);

    const series = await member.client.postForm('/series/new', { title: 'ab' });
    expect(series.status).toBe(400);
    expect(summaryOf(series)).toEqual({ links: ['title'], first: 'title' });

    const forgot = await new TestClient(server.baseUrl).postForm('/forgot-password', { login: '' });
    expect(forgot.status).toBe(400);
    expect(summaryOf(forgot)).toEqual({ links: ['login'], first: 'login' });

    const login = await new TestClient(server.baseUrl).postForm('/login', { username: '', password: '' });
    expect(login.status).toBe(400);
    expect(summaryOf(login).first).toBe('username');
  });
});
