import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { launchBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { flakyLink, type FlakyLink } from '../helpers/flaky-link.ts';
import { queryDb } from '../helpers/km.ts';
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

describe('an author with a phone in the field and a desktop in the office', () => {
  it('edits one note on both; the phone’s late edit never overwrites the desktop’s: both versions are kept and the author chooses', async () => {
    const { client, id: userId } = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(client, { title: 'แผนพัฒนาตำบล', body: 'ฉบับแรก' });

    const profile = newProfileDir();
    const phone = await launchPhone(profile);
    await signIn(phone, link.baseUrl, client.cookieHeader());
    const page = await phone.newPage();
    await page.goto(`${link.baseUrl}/notes/${noteId}/edit`);
    await waitForServiceWorker(page);

    // The phone loses its signal and the author edits there.
    link.cut();
    await phone.setOffline(true);
    await page.click('.rich-editor [contenteditable="true"]');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' เพิ่มจากมือถือในหมู่บ้าน');
    await page.click('#note-form button[type=submit]');
    await page.waitForSelector('#outbox-queued');

    // Meanwhile, on the desktop, the same note is edited and saved.
    const browser = await launchBrowser();
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await signIn(desktop, server.baseUrl, client.cookieHeader());
    const office = await desktop.newPage();
    await office.goto(`${server.baseUrl}/notes/${noteId}/edit`);
    await office.click('.rich-editor [contenteditable="true"]');
    await office.keyboard.press('Control+End');
    await office.keyboard.type(' เพิ่มจากสำนักงาน');
    await Promise.all([office.waitForURL(/\?saved=1$/), office.click('#note-form button[type=submit]')]);
    await browser.close();

    // The phone's signal returns: its edit meets the newer text.
    link.restore();
    await phone.setOffline(false);
    await expect.poll(async () => (await outboxStates(page)).map((item) => item.state), { timeout: 30_000 }).toEqual(['conflict']);
    const [note] = queryDb<{ body_markdown: string }>(server, 'SELECT body_markdown FROM notes WHERE id = ?', noteId);
    expect(note!.body_markdown).toContain('เพิ่มจากสำนักงาน');
    expect(note!.body_markdown).not.toContain('เพิ่มจากมือถือ');
    const copies = queryDb<{ body_markdown: string; status: string }>(
      server,
      'SELECT body_markdown, status FROM notes WHERE conflict_of_id = ? AND author_id = ?',
      noteId,
      userId,
    );
    expect(copies).toHaveLength(1);
    expect(copies[0]!.status).toBe('draft');
    expect(copies[0]!.body_markdown).toContain('เพิ่มจากมือถือในหมู่บ้าน');

    // The outbox says so and opens the two versions side by side.
    await page.goto(`${link.baseUrl}/outbox`);
    await page.waitForSelector('.outbox-item[data-state="conflict"]');
    await page.click('.outbox-item a:has-text("เปิดเทียบสองฉบับ")');
    await page.waitForSelector('#outbox-conflict');
    expect(await page.textContent('[data-version="server"] .conflict-body')).toContain('เพิ่มจากสำนักงาน');
    expect(await page.textContent('[data-version="device"] .conflict-body')).toContain('เพิ่มจากมือถือในหมู่บ้าน');
    const serverBox = await page.locator('[data-version="server"]').boundingBox();
    const deviceBox = await page.locator('[data-version="device"]').boundingBox();
    expect(Math.abs(serverBox!.y - deviceBox!.y)).toBeLessThan(2); // side by side, even at 360 px

    // The author keeps the phone's version on purpose.
    await page.click('#conflict-use-device');
    await Promise.all([page.waitForURL(/\?saved=1$/), page.click('#note-form button[type=submit]')]);
    const [after] = queryDb<{ body_markdown: string }>(server, 'SELECT body_markdown FROM notes WHERE id = ?', noteId);
    expect(after!.body_markdown).toContain('เพิ่มจากมือถือในหมู่บ้าน');
    expect(await outboxStates(page)).toEqual([]);
    await phone.close();
    rmSync(profile, { recursive: true, force: true });
  }, 120_000);
});
