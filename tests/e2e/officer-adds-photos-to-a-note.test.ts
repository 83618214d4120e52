import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { pdfBytes, phonePhoto } from '../helpers/upload-fixtures.ts';

const setup = useServerAndBrowser();
const VIDEO_URL = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';

describe('an officer on a phone', () => {
  it("writes a note, adds two photos and a PDF below a list, types each photo's alt text on the photo, publishes, and sees both with srcset", async () => {
    const { client } = await signedInClient(setup.server.baseUrl);
    const [name, value] = client.cookieHeader().split('=') as [string, string];
    const context = await setup.browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.addCookies([{ name, value, url: setup.server.baseUrl }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The refused SVG's 415 is intended; anything else logged as an error is a bug (CSP, JS).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 415')) errors.push(m.text());
    });
    const alts = ['ชาวบ้านล้อมวงคุยกันใต้ต้นมะม่วง', 'แผนที่ทำมือของหมู่บ้าน'];
    const prompts: string[] = [];
    page.on('dialog', (dialog) => {
      prompts.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.fill('#title', 'ลงพื้นที่บ้านโนนสะอาด');
    // The cursor inside a list: the uploads still land below it, each a block of its own (issue 24, point 5).
    await page.click('.rich-editor [contenteditable="true"]');
    await page.keyboard.type('วันนี้ได้คุยกับชาวบ้านเรื่องแผนชุมชน');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- ประชุมกลุ่มแม่บ้าน');
    // A YouTube link pasted there becomes a block of its own (a video card), not a link inside the list.
    await page.evaluate((url) => {
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', url);
      const editor = document.querySelector('.rich-editor [contenteditable="true"]')!;
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, VIDEO_URL);
    await page.waitForSelector('#body-uploader:not([hidden])');
    const [first, second] = await Promise.all([phonePhoto({ width: 2400, height: 1800 }), phonePhoto({ width: 1800, height: 2400 })]);
    await page.setInputFiles('#body-uploader input[type=file][multiple]:not([accept="image/*"])', [
      { name: 'IMG_2001.jpg', mimeType: 'image/jpeg', buffer: first },
      { name: 'IMG_2002.jpg', mimeType: 'image/jpeg', buffer: second },
      { name: 'สรุปเวที 12 มี.ค. 2568.pdf', mimeType: 'application/pdf', buffer: pdfBytes() },
    ]);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#upload-list .uploader-status').length === 3 &&
        [...document.querySelectorAll('#upload-list .uploader-status')].every((s) => s.textContent === 'อัปโหลดแล้ว'),
      undefined,
      { timeout: 30_000 },
    );
    expect(prompts).toEqual([]); // no window.prompt() per photo: a field on each photo instead
    const altFields = page.locator('.rich-editor .editor-image input[data-image-alt]');
    expect(await altFields.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      await altFields.nth(i).click();
      await page.keyboard.type(alts[i]!);
    }
    await page.click('#markdown-toggle'); // the Markdown is checked in the source view
    const body = await page.inputValue('#body');
    const blocks = body.trim().split(/\n\n/);
    expect(blocks.slice(0, 2)).toEqual(['วันนี้ได้คุยกับชาวบ้านเรื่องแผนชุมชน', '- ประชุมกลุ่มแม่บ้าน']);
    expect(blocks.slice(2)).toEqual([
      expect.stringContaining(VIDEO_URL),
      expect.stringMatching(new RegExp(`^!\\[${alts[0]}\\]\\(/uploads/[0-9a-f]{32}-\\d+x\\d+\\.jpg\\)$`)),
      expect.stringMatching(new RegExp(`^!\\[${alts[1]}\\]\\(/uploads/[0-9a-f]{32}-\\d+x\\d+\\.jpg\\)$`)),
      expect.stringMatching(/^\[สรุปเวที 12 มี\.ค\. 2568\.pdf\]\(\/uploads\/[^)]+\)$/),
    ]);

    // A file the site refuses gets its own Thai error; the photos already added stay.
    await page.setInputFiles('#body-uploader input[type=file][multiple]:not([accept="image/*"])', [
      {
        name: 'logo.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      },
    ]);
    await page.waitForSelector('#upload-list .uploader-error');
    expect(await page.textContent('#upload-list .uploader-error')).toContain('ไม่รับไฟล์ชนิดนี้');
    expect(await page.inputValue('#body')).toBe(body);

    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('form#note-form button[type=submit]')]);
    const pictures = page.locator('.note-body picture');
    expect(await pictures.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(await pictures.nth(i).locator('source').getAttribute('srcset')).toMatch(
        // Shrunk on the phone to a long side of 2048 px (issue 23): the portrait photo is 1536 px wide.
        /-480\.webp 480w, .*-960\.webp 960w, .*-(1600\.webp 1600|1536\.webp 1536)w$/,
      );
      expect(await pictures.nth(i).locator('img').getAttribute('alt')).toBe(alts[i]);
    }
    // The first photo loads at once; on a 360 px screen the browser picks the 480 px WebP.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.note-body picture img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await page.evaluate(() => document.querySelector<HTMLImageElement>('.note-body picture img')!.currentSrc)).toMatch(
      /-480\.webp$/,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // A reader with an empty cache on the same phone: what the page with both photos costs on the wire.
    const noteUrl = page.url().replace(/\?saved=1$/, '');
    for (const deviceScaleFactor of [1, 3]) {
      const reader = await setup.browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor });
      const readerPage = await reader.newPage();
      await readerPage.goto(noteUrl);
      await readerPage.locator('.note-body picture').nth(1).scrollIntoViewIfNeeded();
      await readerPage.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.note-body picture img')].every((img) => img.complete && img.naturalWidth > 0),
      );
      const transfer = await readerPage.evaluate(() => {
        const entries = [
          ...performance.getEntriesByType('navigation'),
          ...performance.getEntriesByType('resource'),
        ] as PerformanceResourceTiming[];
        const photos = entries.filter((e) => e.name.includes('/uploads/'));
        return {
          total: entries.reduce((sum, e) => sum + e.transferSize, 0),
          photos: photos.map((e) => `${e.name.split('-').pop()} ${e.transferSize} B`),
        };
      });
      console.log(
        `note page with two photos, 360x800 at DPR ${deviceScaleFactor}: ${transfer.total} bytes transferred in all; photos: ${transfer.photos.join(', ')}`,
      );
      expect(transfer.photos).toHaveLength(2);
      await reader.close();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
