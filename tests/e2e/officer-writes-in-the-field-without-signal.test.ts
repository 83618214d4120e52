import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { signedInClient } from '../helpers/factories.ts';
import { queryDb } from '../helpers/km.ts';
import { phonePhoto } from '../helpers/upload-fixtures.ts';
import {
  launchPhone,
  newProfileDir,
  outboxStates,
  restartableServer,
  signIn,
  waitForServiceWorker,
  type RestartableServer,
} from '../helpers/offline.ts';

let server: RestartableServer;
beforeAll(async () => {
  server = await restartableServer();
});
afterAll(async () => {
  await server?.stop();
});

interface NoteRow {
  id: number;
  status: string;
  body_markdown: string;
}

describe('a district officer in a village with no signal', () => {
  it('writes a note with a photo, taps บันทึก, closes the browser; when the signal returns the note is published exactly once, with the photo', async () => {
    const profile = newProfileDir();
    const { client, id: userId } = await signedInClient(server.baseUrl);
    let context = await launchPhone(profile);
    await signIn(context, server.baseUrl, client.cookieHeader());
    let page = await context.newPage();
    await page.goto(`${server.baseUrl}/notes/new`);
    await waitForServiceWorker(page);

    // No signal: the server is gone and the phone is offline.
    await server.stop();
    await context.setOffline(true);
    const title = `ประชุมประชาคมบ้านหนองแวง ${Date.now().toString(36)}`;
    await page.fill('#title', title);
    await page.click('.rich-editor [contenteditable="true"]');
    await page.keyboard.type('ชาวบ้านเสนอให้ขุดลอกคลองก่อนฤดูฝน');
    const photo = await phonePhoto({ width: 4000, height: 3000, orientation: 6 });
    await page.setInputFiles('input[type=file][accept="image/*"]', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('.uploader-item:has-text("เก็บไฟล์ไว้ในเครื่องแล้ว")');
    await page.fill('.editor-image input[data-image-alt]', 'ชาวบ้านประชุมใต้ต้นมะขาม'); // alt text on the photo (issue 24)
    await page.click('#note-form button[type=submit]');
    await page.waitForSelector('#outbox-queued');
    expect(page.url()).toBe(`${server.baseUrl}/notes/new`); // the editor stayed: no browser offline page
    const queued = await outboxStates(page);
    expect(queued.map((item) => item.kind).sort()).toEqual(['note', 'upload']);
    await context.close();

    // The signal returns; the officer opens the app again.
    await server.start();
    context = await launchPhone(profile);
    page = await context.newPage();
    const reopened = Date.now();
    await page.goto(`${server.baseUrl}/`);
    const published = () =>
      queryDb<NoteRow>(server.current, 'SELECT id, status, body_markdown FROM notes WHERE author_id = ? AND title = ?', userId, title);
    await expect.poll(() => published().length, { timeout: 30_000, interval: 200 }).toBe(1);
    const publishedAfterMs = Date.now() - reopened;
    await expect.poll(async () => (await outboxStates(page)).filter((item) => item.state !== 'sent').length, { timeout: 15_000 }).toBe(0);

    const [note] = published();
    expect(note!.status).toBe('published');
    expect(note!.body_markdown).not.toContain('local-upload:');
    const url = /!\[ชาวบ้านประชุมใต้ต้นมะขาม\]\((\/uploads\/[^)]+)\)/.exec(note!.body_markdown)?.[1];
    expect(url).toBeTruthy();
    const uploads = queryDb<{ id: string; width: number; height: number; bytes: number }>(
      server.current,
      'SELECT id, width, height, bytes FROM uploads WHERE owner_id = ?',
      userId,
    );
    expect(uploads).toHaveLength(1);
    // Shrunk and turned upright on the phone: 4000×3000 with orientation 6 arrives as 1536×2048.
    expect([uploads[0]!.width, uploads[0]!.height]).toEqual([1536, 2048]);
    const response = await fetch(`${server.baseUrl}${url}`);
    expect(response.status).toBe(200);
    // Still exactly one after a reload (which opens the app again and would resend anything left).
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(published()).toHaveLength(1);
    console.log(`[offline] reconnect (app reopened) → note published: ${publishedAfterMs} ms`);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 150_000);
});
