import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';
import { GOOGLE_DOCS_HTML, WORD_HTML } from '../fixtures/clipboard-html.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };
const EDITOR = '.rich-editor [contenteditable="true"]';

/** Pastes `html` into the editor the way a browser delivers a clipboard paste. */
async function paste(page: import('playwright-core').Page, html: string, text = ''): Promise<void> {
  await page.evaluate(
    ({ selector, html, text }) => {
      const target = document.querySelector(selector)!;
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', text);
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { selector: EDITOR, html, text },
  );
}

describe('a writer on a phone with the word-processor-like editor', () => {
  it('types a Thai note with bold, a list and a 4-line poem, tags it "#a #b", publishes, and sees the same structure', async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const context = await signedInContext(setup.browser, setup.server.baseUrl, writer.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.waitForSelector(EDITOR);
    // The toolbar fits the phone: nothing pushes the page sideways, every button is on screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    for (const box of await page
      .locator('.editor-toolbar button:visible')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(PHONE.width);
    }

    await page.fill('#title', 'กลอนจากเวทีประชาคม');
    await page.click(EDITOR);
    await page.keyboard.type('เปิดเวทีด้วย');
    await page.click('[data-md="bold"]');
    await page.keyboard.type('กลอนของผู้ใหญ่บ้าน');
    await page.click('[data-md="bold"]');
    await page.keyboard.press('Enter');
    await page.click('[data-md="bullet"]');
    await page.keyboard.type('ชาวบ้านมาสามสิบคน');
    await page.keyboard.press('Enter');
    await page.keyboard.type('มีเยาวชนมาช่วย');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // leaves the list
    const poem = ['ยามเช้าตรู่ตะวันฉายส่องทุ่งนา', 'ชาวบ้านมาร่วมเวทีที่ศาลา', 'เล่าเรื่องราวชีวิตจริงทุกเวลา', 'แลกเปลี่ยนค่าความรู้สู่ชุมชน'];
    for (const [i, line] of poem.entries()) {
      await page.keyboard.type(line);
      if (i < poem.length - 1) await page.keyboard.press('Shift+Enter');
    }
    // The form's Markdown field follows the editor: same Markdown as before, single line breaks kept.
    await page.waitForFunction(() => (document.querySelector('#body') as HTMLTextAreaElement).value.includes('แลกเปลี่ยนค่าความรู้สู่ชุมชน'));
    expect(await page.inputValue('#body')).toBe(`เปิดเวทีด้วย**กลอนของผู้ใหญ่บ้าน**\n\n- ชาวบ้านมาสามสิบคน\n- มีเยาวชนมาช่วย\n\n${poem.join('\n')}`);

    // The Markdown switch shows the source and reads edits back.
    await page.click('#markdown-toggle');
    expect(await page.isVisible('#body')).toBe(true);
    await page.focus('#body');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n\nอสม. AT&amp;T &copy; 2568');
    await page.click('#markdown-toggle');
    await page.waitForSelector(EDITOR);
    // Entities are decoded by the browser in the editor bundle (no entities table shipped).
    expect(await page.textContent(`${EDITOR} > p:last-child`)).toBe('อสม. AT&T © 2568');
    // A table from the toolbar: the cursor lands in its first empty cell.
    await page.keyboard.press('Control+End');
    await page.click('[data-md="table"]');
    await page.keyboard.type('เวทีประชาคม');

    await page.fill('#tags', '#a #b');
    await page.keyboard.press('Enter');
    expect(await page.locator('.tag-chip').allTextContents()).toEqual(['#a×', '#b×']);

    await Promise.all([page.waitForURL(/\/notes\/\d+\?saved=1$/), page.click('#note-form button[type=submit]')]);
    expect(await page.textContent('.note-body strong')).toBe('กลอนของผู้ใหญ่บ้าน');
    expect(await page.locator('.note-body ul li').allTextContents()).toEqual(['ชาวบ้านมาสามสิบคน', 'มีเยาวชนมาช่วย']);
    const poemParagraph = page.locator('.note-body p', { hasText: poem[0]! });
    expect(await poemParagraph.locator('br').count()).toBe(3);
    expect(await poemParagraph.innerText()).toBe(poem.join('\n'));
    expect(await page.locator('.note-body table td').first().textContent()).toBe('เวทีประชาคม');
    expect(await page.locator('.tags a').allTextContents()).toEqual(expect.arrayContaining(['#a', '#b']));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pastes from Word and Google Docs: headings, lists, bold, links and tables stay; fonts, colours, scripts and images go', async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const context = await signedInContext(setup.browser, setup.server.baseUrl, writer.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${setup.server.baseUrl}/notes/new`);
    await page.click(EDITOR);

    await paste(page, WORD_HTML, 'รายงานการลงพื้นที่ตำบลโนนสะอาด');
    await page.waitForSelector('#editor-notice:not([hidden])');
    expect(await page.textContent('#editor-notice')).toContain('รูป'); // the Word image was dropped, with a Thai notice
    const fromWord = await page.inputValue('#body');
    expect(fromWord).toContain('# รายงานการลงพื้นที่ตำบลโนนสะอาด');
    expect(fromWord).toContain('**ผู้ใหญ่บ้าน**');
    expect(fromWord).toContain('*กรรมการกองทุน*');
    expect(fromWord).toMatch(/- ชาวบ้านอยากมีตลาดนัด\n- ต้องการที่ปรึกษาด้านบัญชี/);
    expect(fromWord).toMatch(/1\. ประชุมกรรมการ\n2\. ทำแผนชุมชน/);
    expect(fromWord).toContain('[แผนพัฒนาตำบล](https://example.go.th/plan)');
    expect(fromWord).toMatch(/\| \*\*กิจกรรม\*\* \| \*\*ผู้เข้าร่วม\*\* \|\n\|---\|---\|\n\| เวทีประชาคม \| 45 \|/);
    expect(fromWord).not.toMatch(/·|Symbol|Sarabun|color|mso|javascript|file:|clip_image|o:p|StartFragment/);
    expect(await page.evaluate(() => (window as unknown as { __pasted?: boolean }).__pasted)).toBeUndefined();

    await page.keyboard.press('Control+End');
    await paste(page, GOOGLE_DOCS_HTML, 'สรุปบทเรียน');
    await page.waitForFunction(() => (document.querySelector('#body') as HTMLTextAreaElement).value.includes('เยาวชนช่วยถ่ายภาพ'));
    const fromDocs = (await page.inputValue('#body')).slice(fromWord.length);
    expect(fromDocs).toContain('## สรุปบทเรียน');
    expect(fromDocs).toContain('**สิ่งที่ได้***เกินคาด*');
    expect(fromDocs).toMatch(/- ผู้สูงอายุมาร่วมมาก\n- เยาวชนช่วยถ่ายภาพ/);
    expect(fromDocs).toContain('[เอกสารต้นฉบับ](https://docs.google.com/document/d/abc)');
    expect(fromDocs).not.toMatch(/docs-internal|font|color|#1155cc/);
    // Google's whole-paste <b style="font-weight:normal"> must not make everything bold.
    expect(fromDocs).not.toContain('**ผู้สูงอายุ');

    // A LINE message: plain text, single line breaks kept as line breaks.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.evaluate((selector) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'นัดประชุม\nวันศุกร์ 9 โมง\nที่ศาลา');
      document
        .querySelector(selector)!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, EDITOR);
    await page.waitForFunction(() =>
      (document.querySelector('#body') as HTMLTextAreaElement).value.includes('นัดประชุม\nวันศุกร์ 9 โมง\nที่ศาลา'),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a reader's video card loads nothing from YouTube until clicked, then plays from youtube-nocookie.com", async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const { body: note } = await writer.client.post('/api/notes', {
      title: 'คลิปสรุปงาน',
      body: 'ชมคลิป\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ',
    });
    const page = await setup.browser.newPage({ viewport: PHONE });
    const errors = collectErrors(page);
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(setup.server.baseUrl)) outside.push(request.url());
    });
    await page.goto(`${setup.server.baseUrl}/notes/${note.id}`);
    await page.waitForSelector('.video-card-play');
    const address = page.url();
    expect(outside).toEqual([]);
    await page.click('.video-card-play');
    const frame = await page.waitForSelector('iframe.video-card-frame');
    expect(await frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
    expect(page.url()).toBe(address); // played in place, not opened in a new page
    expect(outside.every((url) => url.startsWith('https://www.youtube-nocookie.com/'))).toBe(true);
    // The machine has no internet: only the frame's own load may fail, never a CSP refusal.
    expect(errors.filter((e) => !/ERR_|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
