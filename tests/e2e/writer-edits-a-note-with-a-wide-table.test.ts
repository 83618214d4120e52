/**
 * Issue 24, point 4: a pasted Word table widened the editor page to 412–428 px on a 360 px phone,
 * and on the note page its cells split Thai words mid-syllable. Tables scroll in their own box, in
 * the editor and on the note page, and their cells break lines between words.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { collectErrors, signedInContext } from '../helpers/km.ts';

const setup = useServerAndBrowser();
const PHONE = { width: 360, height: 800 };
const HEAD = '| ลำดับ | กิจกรรม | ผู้รับผิดชอบ | งบประมาณ | หมายเหตุ | เสียงสะท้อนจากชุมชน |';
const ROW =
  '| 1 | ประชุมประชาคมหมู่บ้านเพื่อทบทวนแผนชุมชน | คณะกรรมการกองทุนสวัสดิการชุมชน | 25,000 บาท | หมายเหตุสำคัญเรื่องการเบิกจ่าย | เสียงสะท้อนจากผู้สูงอายุและเยาวชน |';
const BODY = `ตารางสรุปกิจกรรม\n\n${HEAD}\n| --- | --- | --- | --- | --- | --- |\n${ROW}\n${ROW}`;

/** The page's width, and each table's own width against the width it shows. */
const widths = (page: import('playwright-core').Page, table: string) =>
  page.evaluate(
    (selector) => ({
      page: document.documentElement.scrollWidth,
      tables: [...document.querySelectorAll<HTMLElement>(selector)].map((t) => ({ scroll: t.scrollWidth, client: t.clientWidth })),
      wrap: [...document.querySelectorAll<HTMLElement>(`${selector} td`)].map((td) => getComputedStyle(td).overflowWrap),
    }),
    table,
  );

describe('a writer on a phone with a note that holds a wide table', () => {
  it('sees the table scroll in its own box in the editor and on the note page, the page never wider than the screen', async () => {
    const writer = await signedInClient(setup.server.baseUrl);
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกที่มีตารางจาก Word', body: BODY });
    const context = await signedInContext(setup.browser, setup.server.baseUrl, writer.client, PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${setup.server.baseUrl}/notes/${noteId}`);
    const read = await widths(page, '.note-body table');
    expect(read.page).toBeLessThanOrEqual(PHONE.width);
    expect(read.tables).toHaveLength(1);
    expect(read.tables[0]!.scroll).toBeGreaterThan(read.tables[0]!.client); // it scrolls, inside
    expect(new Set(read.wrap)).toEqual(new Set(['normal']));

    await page.goto(`${setup.server.baseUrl}/notes/${noteId}/edit`);
    await page.waitForSelector('.rich-editor [contenteditable="true"] table');
    const edit = await widths(page, '.rich-editor-content table');
    expect(edit.page).toBeLessThanOrEqual(PHONE.width);
    expect(edit.tables[0]!.scroll).toBeGreaterThan(edit.tables[0]!.client);
    // The title box and the toolbar stay on screen.
    for (const selector of ['#title', '.editor-toolbar']) {
      const box = await page.locator(selector).boundingBox();
      expect(box!.x + box!.width, selector).toBeLessThanOrEqual(PHONE.width);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
