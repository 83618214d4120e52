import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { flakyLink, type FlakyLink } from '../helpers/flaky-link.ts';
import { queryDb } from '../helpers/km.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';
import { launchPhone, newProfileDir, outboxStates, signIn, waitForServiceWorker } from '../helpers/offline.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let link: FlakyLink;
beforeAll(async () => {
  server = await startTestServer();
  link = await flakyLink(server.baseUrl);
});
afterAll(async () => {
  await link?.close();
  await server?.stop();
});

const NOTES = 3;
/** The writes the outbox sends: photos and notes (not GET /api/me, which it asks first, nor the editor's preview). */
const WRITE = /^(POST|PATCH) \/api\/(uploads|notes)\b/;
/**
 * Where each of the five drops falls, in turn: a photo that reached the server whole (it is still
 * making the variants when the phone resends: "still running", 409), an answer lost after the
 * server wrote, a request cut half-way, and again. The first is what left items stuck for 150 s
 * before the fix: the 409 stopped the send and nothing tried again until the next `online`.
 */
const DROPS = ['delivered', 'answered', 'sent', 'delivered', 'answered'] as const;
/** How long one toggle waits for the outbox to start (or finish) a write after the signal returns. */
const WRITE_WAIT_MS = 60_000;

describe('an officer whose signal comes and goes', () => {
  it('queues three notes with photos offline; the connection drops five times while they drain; each is published exactly once', async () => {
    const profile = newProfileDir();
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const context = await launchPhone(profile);
    await signIn(context, link.baseUrl, client.cookieHeader());
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept(''));
    await page.goto(`${link.baseUrl}/notes/new`);
    await waitForServiceWorker(page);
    // No signal: nothing reaches the server, and the phone knows it is offline.
    link.cut();
    await context.setOffline(true);

    const stamp = Date.now();
    const titles = Array.from({ length: NOTES }, (_, i) => `เวทีประชาคมครั้งที่ ${i + 1} · ${stamp}`);
    const photo = await phonePhoto({ width: 3000, height: 2000 });
    for (const [i, title] of titles.entries()) {
      if (i > 0) {
        await page.goto(`${link.baseUrl}/notes/new`); // served by the worker
        await page.waitForSelector('#offline-banner');
      }
      await page.fill('#title', title);
      await page.click('.rich-editor [contenteditable="true"]');
      await page.keyboard.type(`สรุปข้อเสนอของชาวบ้าน ครั้งที่ ${i + 1}`);
      await page.setInputFiles('input[type=file][accept="image/*"]', { name: `field-${i}.jpg`, mimeType: 'image/jpeg', buffer: photo });
      await page.waitForSelector('.uploader-item:has-text("เก็บไฟล์ไว้ในเครื่องแล้ว")');
      await page.click('#note-form button[type=submit]');
      await page.waitForSelector('#outbox-queued');
    }
    expect(await outboxStates(page)).toHaveLength(NOTES * 2);

    // The signal returns and drops five times, each time at a moment that matters (DROPS), not
    // after a fixed sleep. Each resend must then get the first answer.
    const reconnected = Date.now();
    const lost: string[] = [];
    for (const when of DROPS) {
      const drop =
        when === 'delivered'
          ? link.cutWhenDelivered(WRITE, WRITE_WAIT_MS)
          : when === 'answered'
            ? link.cutWhenAnswered(WRITE, WRITE_WAIT_MS)
            : link.cutWhenSent(WRITE, WRITE_WAIT_MS);
      link.restore();
      await context.setOffline(false); // fires `online`: the page starts sending
      lost.push(`${when}: ${await drop}`);
      await context.setOffline(true);
    }
    console.log(`[offline] flapping signal, the five drops: ${lost.join('; ')}`);
    link.restore();
    await context.setOffline(false);
    await expect
      .poll(async () => (await outboxStates(page)).filter((item) => item.state !== 'sent').length, { timeout: 90_000, interval: 300 })
      .toBe(0);
    console.log(
      `[offline] flapping signal: ${NOTES} notes with photos published ${Date.now() - reconnected} ms after the signal first returned`,
    );

    for (const title of titles) {
      const rows = queryDb<{ body_markdown: string; status: string }>(
        server,
        'SELECT body_markdown, status FROM notes WHERE author_id = ? AND title = ?',
        userId,
        title,
      );
      expect(rows, title).toHaveLength(1);
      expect(rows[0]!.status).toBe('published');
      expect(rows[0]!.body_markdown).toMatch(/\]\(\/uploads\/[^)]+\)/);
    }
    const uploads = queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM uploads WHERE owner_id = ?', userId);
    expect(uploads[0]!.n).toBe(NOTES);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 300_000);

  it('comments on a note with no signal: the comment waits on the phone and is posted once when the signal returns', async () => {
    const profile = newProfileDir();
    const author = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client, { title: 'ถอดบทเรียนกองทุนสวัสดิการ' });
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const context = await launchPhone(profile);
    await signIn(context, link.baseUrl, client.cookieHeader());
    const page = await context.newPage();
    await page.goto(`${link.baseUrl}/notes/${noteId}`);
    await waitForServiceWorker(page);
    link.cut();
    await context.setOffline(true);
    await page.fill('#comment-body', 'ขอบคุณที่แบ่งปันครับ จะนำไปใช้ที่ตำบลเรา');
    await page.click('form.comment-form button[type=submit]');
    await page.waitForSelector('.notice:has-text("ความเห็นนี้เก็บไว้ในเครื่องแล้ว")');
    expect((await outboxStates(page)).map((item) => item.kind)).toEqual(['comment']);
    link.restore();
    await context.setOffline(false);
    const comments = () =>
      queryDb<{ n: number }>(server, 'SELECT count(*) AS n FROM comments WHERE note_id = ? AND author_id = ?', noteId, userId)[0]!.n;
    await expect.poll(comments, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await outboxStates(page)).filter((item) => item.state !== 'sent').length, { timeout: 15_000 }).toBe(0);
    expect(comments()).toBe(1);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 90_000);
});
