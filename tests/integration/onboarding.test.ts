/**
 * Issue 24, point 9: onboarding. After registering the profile says "ตรวจสอบอีเมลของคุณ"
 * (?welcome=1 used to render nothing); after verifying the page shows the next steps; the
 * anonymous home page says in one line what the site is and links its parts from the top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, confirmEmailLink, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';
import { withDatabase } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const NEXT_STEPS = ['href="/settings#profile"', 'href="/notes/new"', 'href="/communities"'];

describe('a newcomer is told what happens next', () => {
  it('registering lands on the profile saying ตรวจสอบอีเมลของคุณ; verifying shows the next steps', async () => {
    const username = uniqueUsername('new');
    const email = `${username}@example.test`;
    const client = clientFromNewAddress(server.baseUrl);
    const registered = await client.postForm('/register', {
      username,
      password: TEST_PASSWORD,
      displayName: 'คุณมือใหม่',
      email,
    });
    expect(registered.status).toBe(303);
    const welcome = registered.headers.get('location')!;
    expect(welcome).toBe(`/u/${username}?welcome=1`);
    const page = await client.get(welcome);
    expect(page.text).toContain('id="welcome"');
    expect(page.text).toContain('ตรวจสอบอีเมลของคุณ');
    expect(page.text).toContain(email);
    for (const link of NEXT_STEPS) expect(page.text).toContain(link);
    // Nobody else sees it, and it is not there without the flag.
    expect((await clientFromNewAddress(server.baseUrl).get(welcome)).text).not.toContain('id="welcome"');
    expect((await client.get(`/u/${username}`)).text).not.toContain('id="welcome"');

    const mail = withDatabase(server.databasePath, (db) =>
      db.prepare("SELECT text_body FROM mail_outbox WHERE kind = 'verify' AND to_address = ?").pluck().get(email),
    ) as string;
    const link = /\/verify-email\?token=[a-z2-7]+/.exec(mail)![0];
    const verified = await confirmEmailLink(server.baseUrl, link);
    expect(verified.text).toContain('data-verified');
    expect(verified.text).toContain('id="next-steps"');
    for (const step of NEXT_STEPS) expect(verified.text).toContain(step);
  });

  it('the anonymous home page says what the site is and links communities, events, people and AAR at the top', async () => {
    const home = (await clientFromNewAddress(server.baseUrl).get('/')).text;
    const intro = home.indexOf('id="site-intro"');
    expect(intro).toBeGreaterThan(0);
    expect(intro).toBeLessThan(home.indexOf('id="latest-heading"'));
    const top = home.slice(intro, home.indexOf('id="latest-heading"'));
    expect(top).toContain('คือที่ที่คนทำงาน');
    for (const href of ['/communities', '/events', '/people', '/aar']) expect(top).toContain(`href="${href}"`);
  });
});
