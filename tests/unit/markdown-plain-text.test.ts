/**
 * markdownToPlainText skips the parser for text without Markdown, and GFM for text without GFM
 * syntax (search indexing spent most of its own time parsing). Both shortcuts must give exactly
 * what the full GFM parse gives, with whitespace collapsed and, for the search index, with the
 * lines kept (markdownToPlainLines).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlainLines, markdownToPlainText, parsedPlainText } from '../../src/lib/markdown.ts';

const SAMPLES = [
  'ขอบคุณครับ จะลองนำไปปรับใช้ที่หมู่บ้าน เจ้าหน้าที่ รพ.สต.สรุปความรู้',
  'บรรทัดแรก\nบรรทัดสอง  \nบรรทัดสาม\\\nสี่',
  '    ย่อหน้าเยื้อง\n\n\tแท็บ',
  '1. ข้อแรก\n2) ข้อสอง\n2566. ปี',
  '- ข้อ\n+ ข้อ\n* ข้อ\n\nหัวข้อ\n===\nรอง\n---\n***',
  '> อ้างอิง\n>> ซ้อน',
  '# หัวข้อ #\n## รอง',
  'www.example.com/_ตัวเอียง_ และ https://x.test/a_b_c และ me@example.com',
  '~~ขีดฆ่า~~ ~หนึ่ง~ | ตาราง |\n| --- |\n| ก |',
  'ก\r\n-:',
  'ก\n:-', // one-column GFM table: no "|" at all (found by the property below)
  '- [ ] งาน\n- [x] เสร็จ\n\nเชิงอรรถ[^1]\n\n[^1]: ที่มา',
  '&amp; &#3585; &nbsp;ก <b>ตัวหนา</b> `โค้ด` ```\nบล็อก\n```',
  '[ลิงก์](https://x.test) ![รูป](/a.png) [อ้าง][a]\n\n[a]: https://x.test',
  '\u00a0ก\u00a0\u00a0ข\u200b\r\nค\r\n\r\nง',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '',
  '   \n\n  ',
];

/** Thai, Latin, digits, every Markdown character and every kind of space and line end. */
const PIECES = [
  'ก',
  'ข้า',
  'ว',
  'a',
  'B',
  '1',
  '9',
  '.',
  ')',
  '(',
  '-',
  '+',
  '=',
  '>',
  '<',
  '*',
  '_',
  '`',
  '~',
  '|',
  '[',
  ']',
  '!',
  '#',
  '&',
  ';',
  ':',
  '/',
  '@',
  '\\',
  'www.',
  'https://',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\u00a0',
  '    ',
];

describe('plain text of Markdown', () => {
  it.each(SAMPLES.map((sample) => [sample]))('is the full parse for %j', (sample) => {
    expect(markdownToPlainText(sample)).toBe(parsedPlainText(sample));
    expect(markdownToPlainLines(sample)).toBe(parsedPlainText(sample, { lines: true }));
  });

  it('is the full parse for any mix of Thai, Markdown characters and whitespace', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const markdown = pieces.join('');
        expect(markdownToPlainText(markdown)).toBe(parsedPlainText(markdown));
        expect(markdownToPlainLines(markdown)).toBe(parsedPlainText(markdown, { lines: true }));
      }),
      { numRuns: Number(process.env.PLAIN_TEXT_RUNS ?? 3000) }, // PLAIN_TEXT_RUNS=100000 for a deeper search
    );
  }, 600_000);

  it('still drops the markup of real Markdown', () => {
    expect(markdownToPlainText('## สิ่งที่ได้เรียนรู้\n\n- ครั้งหน้า **แบ่งกลุ่ม**\n- ~~เดิม~~ ใหม่')).toBe('สิ่งที่ได้เรียนรู้ ครั้งหน้า แบ่งกลุ่ม เดิม ใหม่');
  });

  it('keeps the lines for the search index, and is the one-line text with line ends for spaces', () => {
    const markdown = '## สิ่งที่ได้เรียนรู้\n\nย่อหน้าแรก\nต่อบรรทัด  \nหลังขึ้นบรรทัด\n\n- ข้อ **หนึ่ง**\n- ข้อสอง\n\n| ก | ข |\n| - | - |\n| ค | ง |';
    const lines = markdownToPlainLines(markdown);
    expect(lines).toBe('สิ่งที่ได้เรียนรู้\nย่อหน้าแรก\nต่อบรรทัด\nหลังขึ้นบรรทัด\nข้อ หนึ่ง\nข้อสอง\nก ข\nค ง');
    expect(lines.replaceAll('\n', ' ')).toBe(markdownToPlainText(markdown));
    expect(markdownToPlainLines('ไม่มีมาร์กดาวน์\n\n\n  บรรทัดถัดไป  ')).toBe('ไม่มีมาร์กดาวน์\nบรรทัดถัดไป');
  });
});
