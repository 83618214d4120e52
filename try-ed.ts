import { normalizeThroughEditor } from './src/lib/editor/markdown-doc.ts';
import { renderNoteMarkdown } from './src/lib/markdown.ts';
const samples = [
 'กลอน บรรทัด 1\nบรรทัด 2\n- ไม่ใช่รายการ\n=== เท่ากับ',
 '# หัวข้อ\n\n**ตัวหนา** และ _เอียง_ ~~ขีด~~\n\n- หนึ่ง\n- สอง\n  - ย่อย\n\n1. ก\n2. ข\n\n    ย่อหน้าที่ย่อ\n\n> อ้าง\n\n| ก | ข |\n|---|:-:|\n| 1 \\| x | 2 |\n\n```\n  code\n```\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nดู https://a.com/x_y ครับ และ [ลิงก์](https://b.com/(x))\n\n![รูป](https://c.com/a.png)\n\n---\n\nwww.example.com\n\n<script>alert(1)</script> a < b',
];
for (const md of samples) { const out = normalizeThroughEditor(md); console.log(out); console.log('---- same html:', renderNoteMarkdown(md) === renderNoteMarkdown(out), ' stable:', normalizeThroughEditor(out) === out); if (renderNoteMarkdown(md) !== renderNoteMarkdown(out)) { console.log(renderNoteMarkdown(md)); console.log(renderNoteMarkdown(out)); } }
