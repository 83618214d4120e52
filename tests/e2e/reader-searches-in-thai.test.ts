import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';

const FRESHNESS_LIMIT_MS = 10_000;
const setup = useServerAndBrowser();

describe('a reader on a phone', () => {
  it('finds a just-published Thai note from the header search box, with the word highlighted', async () => {
    const { client } = await signedInClient(setup.server.baseUrl);
    const publishedAt = Date.now();
    const id = await createNoteViaApi(client, { title: 'ขบวนองค์กรชุมชนสู่สังคม', body: 'เครือข่ายการเรียนรู้ของชุมชนริมน้ำ', tags: ['KM'] });
    await createNoteViaApi(client, { title: 'ไปเรียนหนังสือ', body: 'แล้วรู้สึกดี' });

    const page = await setup.browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    // Poll as a reader would by searching again, until the index has caught up.
    let found = false;
    while (!found && Date.now() - publishedAt < FRESHNESS_LIMIT_MS + 5_000) {
      await page.goto(`${setup.server.baseUrl}/`);
      await page.fill('#site-search', 'ชุมชน');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#site-search', 'Enter')]);
      await page.waitForSelector('body[data-search-state="done"]');
      found = (await page.locator(`[data-note-id="${id}"]`).count()) > 0;
    }
    expect(found, errors.join('\n')).toBe(true);
    expect(Date.now() - publishedAt).toBeLessThan(FRESHNESS_LIMIT_MS);

    const result = page.locator(`[data-note-id="${id}"]`);
    expect(await result.locator('mark').first().textContent()).toBe('ชุมชน');
    // The excerpt is the body (the title is the heading above it), as written: Thai without added spaces.
    expect(await result.locator('.excerpt').textContent()).toContain('เครือข่ายการเรียนรู้ของชุมชนริมน้ำ');

    // On the phone the filters stay folded away, so the first result is on the first screen.
    expect(await page.locator('details.search-options').evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
    const box = (await page.locator('[data-note-id]').first().boundingBox())!;
    expect(box.y + Math.min(box.height, 60)).toBeLessThan(740);
    await page.click('details.search-options summary');
    expect(await page.locator('select[name="kind"]').isVisible()).toBe(true);
    // A filter in use keeps them open, and the page still finds the note.
    await page.goto(`${setup.server.baseUrl}/search?q=${encodeURIComponent('ชุมชน')}&kind=note`);
    await page.waitForSelector('body[data-search-state="done"]');
    expect(await page.locator('details.search-options').evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator(`[data-note-id="${id}"]`).count()).toBe(1);

    // A compound is a phrase: the note that only has เรียน and รู้ apart is not a match.
    await page.goto(`${setup.server.baseUrl}/search?q=${encodeURIComponent('เรียนรู้')}`);
    await page.waitForSelector('body[data-search-state="done"]');
    expect(
      await page.locator('[data-note-id]').evaluateAll((nodes) => nodes.map((node) => Number((node as HTMLElement).dataset.noteId))),
    ).toEqual([id]);

    await page.goto(`${setup.server.baseUrl}/search?q=${encodeURIComponent('ไม่มีคำนี้แน่นอน')}`);
    await page.waitForSelector('body[data-search-state="done"]');
    expect(await page.locator('#search-empty').textContent()).toContain('ไม่พบบันทึกที่ตรงกับ');
    expect(errors).toEqual([]);
  });

  it('gets the index compressed, the manifest uncached and bundles cached for good', async () => {
    const manifestResponse = await fetch(`${setup.server.baseUrl}/search-index/manifest.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(manifestResponse.headers.get('content-encoding')).toBe('gzip');
    expect(manifestResponse.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await manifestResponse.json()) as { shards: { dir: string }[]; recent: string | null };
    const dir = manifest.recent ?? manifest.shards[0]!.dir;
    const script = await fetch(`${setup.server.baseUrl}/search-index/${dir}/pagefind.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${setup.server.baseUrl}/search-index/.lock`)).status).toBe(404);
  });
});
