/**
 * The WYSIWYG editor must store the same Markdown we store today: Markdown → editor document →
 * Markdown renders to the same HTML on the server, and a second pass changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { docToMarkdown, editorSchema, markdownToDoc, normalizeThroughEditor } from '../../src/lib/editor/markdown-doc';
import { renderNoteMarkdown } from '../../src/lib/markdown';
import { DEMO_NOTES } from '../../scripts/lib/demo-content';
import { createRandom, noteBody } from '../../scripts/lib/thai-corpus';

/** Shapes seen in real field notes: poems, "label + URL", indented paragraphs, tables, links. */
const FIELD_NOTES: [string, string][] = [
  ['poem', 'ยามเช้าตรู่ตะวันฉายส่องทุ่งนา\nชาวบ้านมาร่วมเวทีที่ศาลา\nเล่าเรื่องราวชีวิตจริงทุกเวลา\nแลกเปลี่ยนค่าความรู้สู่ชุมชน'],
  ['label and URL lines', 'เอกสารประกอบการประชุม\nhttps://example.go.th/doc/แผนชุมชน.pdf\nแบบฟอร์มลงทะเบียน\nhttps://forms.example.org/abc'],
  ['indented paragraph after a list', '## ขั้นตอน\n\n1. ประชุมทีม\n2. ลงพื้นที่\n3. สรุปบทเรียน\n\n    หลังจากนั้นทีมได้นัดหมายกันอีกครั้งในเดือนถัดไป'],
  ['table of results', '| กิจกรรม | เป้าหมาย | ผลจริง |\n|---|---:|:---:|\n| เยี่ยมบ้าน | 30 | 28 |\n| อบรม อสม. | 50 | **62** |'],
  ['quote and nested list', '> "ความรู้อยู่ในตัวคน" — คุณอำนวย\n\n- ข้อสังเกต\n  - ชาวบ้านพูดมากขึ้น\n  - ผู้นำฟังมากขึ้น\n- ข้อเสนอ'],
  [
    'video and link cards',
    'ชมคลิปสรุปงาน\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nอ่านบันทึกเดิม\n\nhttps://www.gotoknow.org/posts/123456',
  ],
  ['inline marks and escapes', 'ราคา 5*3 = 15 บาท, ไฟล์ชื่อ a_b_c.xlsx, เครื่องหมาย | และ <br> ที่พิมพ์เอง, *เน้น* ~~ยกเลิก~~ `รหัส`'],
  ['lines starting like Markdown', 'ข้อความ\n- ไม่ใช่รายการหลังขึ้นบรรทัดใหม่\n1. เช่นกัน'],
  ['fenced code', '```\nnpm run seed\n    ย่อหน้าในโค้ด\n```'],
  ['image and link', '![ภาพเวที](https://example.org/a.jpg "เวทีประชาคม")\n\n[ดาวน์โหลดแบบฟอร์ม](https://example.org/form(1).pdf)'],
  ['numbered list from 3', '3. ข้อสาม\n4. ข้อสี่'],
  ['raw HTML shown as text', '<script>alert(1)</script>\n\n<div>กล่อง</div>'],
];

/** What the toolbar makes, written the way the editor writes it. */
const TOOLBAR_CONSTRUCTS: [string, string][] = [
  ['heading', '# สิ่งที่ได้เรียนรู้'],
  ['sub-heading', '## รายละเอียด'],
  ['bold and italic', '**ตัวหนา** และ *ตัวเอียง*'],
  ['bullet list', '- หนึ่ง\n- สอง'],
  ['numbered list', '1. หนึ่ง\n2. สอง'],
  ['quote', '> ข้อความอ้างอิง'],
  ['link', '[ลิงก์](https://example.org)'],
  ['image', '![คำอธิบายรูป](/uploads/abc.webp)'],
  ['table', '| หัวข้อ 1 | หัวข้อ 2 |\n|---|---|\n| ช่อง 1 | ช่อง 2 |'],
  ['line break', 'บรรทัดแรก\nบรรทัดสอง'],
];

const random = createRandom(12);
const GENERATED = Array.from({ length: 20 }, (_, i): [string, string] => [`generated note ${i + 1}`, noteBody(random).markdown]);
const DEMO = DEMO_NOTES.map((n): [string, string] => [`demo: ${n.title}`, n.body]);

describe.each([
  ['demo notes', DEMO],
  ['field-note shapes', FIELD_NOTES],
  ['toolbar constructs', TOOLBAR_CONSTRUCTS],
  ['generated notes', GENERATED],
])('Markdown → editor → Markdown (%s)', (_group, corpus) => {
  it.each(corpus)('%s renders the same and is stable', (_name, markdown) => {
    const once = normalizeThroughEditor(markdown);
    expect(renderNoteMarkdown(once)).toBe(renderNoteMarkdown(markdown));
    expect(normalizeThroughEditor(once)).toBe(once);
  });
});

describe('toolbar constructs are written as the editor writes them', () => {
  it.each(TOOLBAR_CONSTRUCTS)('%s', (_name, markdown) => {
    expect(normalizeThroughEditor(markdown)).toBe(markdown);
  });

  it('a line break is a plain new line, not a trailing backslash', () => {
    const schema = editorSchema;
    const doc = schema.node('doc', null, [
      schema.node('paragraph', null, [schema.text('หนึ่ง'), schema.node('hard_break'), schema.text('สอง')]),
    ]);
    expect(docToMarkdown(doc)).toBe('หนึ่ง\nสอง');
    expect(markdownToDoc('หนึ่ง\nสอง').firstChild!.childCount).toBe(3);
  });
});
