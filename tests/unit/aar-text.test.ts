import { describe, expect, it } from 'vitest';
import { aarTextAsMarkdown, plainTextToMarkdown } from '~/lib/aar-text.ts';
import { markdownToDoc, docToMarkdown } from '~/lib/editor/markdown-doc.ts';
import { renderNoteMarkdown } from '~/lib/markdown.ts';

/** Visible text of rendered HTML: tags dropped, entities read, line breaks as new lines. */
const ENTITIES: Record<string, string> = { '&#x3C;': '<', '&#x26;': '&', '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };
const visibleText = (html: string) =>
  html
    .replace(/<br>\n?/g, '\n')
    .replace(/<\/p>\n?<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x3C;|&#x26;|&lt;|&gt;|&amp;|&quot;/g, (entity) => ENTITIES[entity]!)
    .trim();

const PLAIN_ANSWERS = [
  'บรรทัดแรก\nบรรทัดสอง\n\nย่อหน้าใหม่',
  '1. ข้อแรก\n2) ข้อสอง\n- ขีดนำ\n+ บวก\n* ดาว',
  '# ไม่ใช่หัวข้อ\nหัวข้อ setext\n===\n> ไม่ใช่คำอ้าง',
  '**ไม่หนา** _ไม่เอียง_ ~~ไม่ขีด~~ `ไม่ใช่โค้ด` [ไม่ใช่](ลิงก์) ![ไม่ใช่](รูป)',
  '<b>แท็ก</b> <script>alert(1)</script> &amp; &lt; \\ ทับกลับ',
  '| ก | ข |\n|---|---|\n| 1 | 2 |',
  '```\nไม่ใช่รั้วโค้ด\n```',
];

describe('plain AAR answers from before the editor', () => {
  it.each(PLAIN_ANSWERS)('escaped into Markdown that renders as the same text: %j', (plain) => {
    const html = renderNoteMarkdown(plainTextToMarkdown(plain));
    expect(html).not.toMatch(/<(ol|ul|li|h\d|blockquote|strong|em|del|code|pre|table|a|img|script|b)\b/);
    expect(visibleText(html)).toBe(plain);
  });

  it.each(PLAIN_ANSWERS)('survive the editor: Markdown → editor → Markdown renders the same: %j', (plain) => {
    const markdown = plainTextToMarkdown(plain);
    expect(renderNoteMarkdown(docToMarkdown(markdownToDoc(markdown)))).toBe(renderNoteMarkdown(markdown));
  });

  it('only plain rows are escaped', () => {
    expect(aarTextAsMarkdown('**หนา**', 'markdown')).toBe('**หนา**');
    expect(aarTextAsMarkdown('**หนา**', 'plain')).toBe('\\*\\*หนา\\*\\*');
  });
});
