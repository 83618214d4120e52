/**
 * The Markdown parsing budget: nesting is capped before any parser runs, so hostile input can cost
 * a bounded amount of CPU (measured as the process's CPU time, which a busy machine inflates far
 * less than wall time) and never overflows the stack.
 */
import { describe, expect, it } from 'vitest';
import { limitMarkdownNesting, limitMarkdownStructure, MAX_CONTAINER_PREFIX_COLUMNS, MAX_STRUCTURED_LINES } from '../../src/lib/markdown-budget.ts';
import { markdownToPlainText, renderCommentMarkdown, renderNoteMarkdown } from '../../src/lib/markdown.ts';

const RENDER_BUDGET_MS = 200;
const COMMENT_BYTES = 20 * 1024;

/** CPU milliseconds `fn` takes. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const fill = (unit: string, bytes = COMMENT_BYTES) => unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)));

/** Pathological inputs at the size of a comment (the reported crash was a 10 KB comment). */
const CATALOGUE: Record<string, string> = {
  'nested bullet list on one line (the reported 40 s case)': '- '.repeat(10_000) + 'x',
  'nested ordered list': fill('1. '),
  'nested quotes without spaces': fill('>'),
  'nested quotes with spaces': fill('> '),
  'quotes and lists mixed': fill('> - '),
  'lists nested by indentation': Array.from({ length: 140 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'),
  'tabs and markers': fill('\t- '),
  'emphasis run': fill('*'),
  'open brackets': fill('['),
  'images': fill('!['),
  'backtick runs': fill('`'),
  'strikethrough run': fill('~'),
  'raw HTML tags': fill('<div>'),
  'raw HTML attributes': fill('<a href="'),
  'entity flood': fill('&amp;'),
  'numeric entities out of range': fill('&#9999999;'),
  'one long Thai line': fill('ก'),
  'bare www links': fill('www.a'),
  'alternating emphasis': fill('*_'),
  'emphasis between letters': fill('a*'),
  'underscores between letters': fill('_a_a'),
  'setext headings': fill('a\n=\n'),
  'setext h2 and breaks': fill('a\n---\n'),
  'reference links': `${fill('[a][a]', COMMENT_BYTES - 20)}\n\n[a]: http://x.th`,
  'reference definitions': fill('[a]: http://x\n'),
  'link openers': fill('[a]('),
  'wide table': `|${fill('a|', COMMENT_BYTES / 2)}\n|${fill('-|', COMMENT_BYTES / 2 - 4)}\n`,
  'table rows': `a|b\n-|-\n${fill('a|b\n', COMMENT_BYTES - 8)}`,
  'many footnote references': `${fill('[^a]', COMMENT_BYTES / 2)}\n\n${fill('[^a]: x\n', COMMENT_BYTES / 2)}`,
  'many footnote definitions': fill('[^1]: x\n'),
  'task lists': fill('- [ ] a\n'),
  'empty lines': fill('\n'),
  'short lines': fill('a\n'),
  'bare links in one paragraph': fill('http://x.th '),
};

describe('limitMarkdownNesting', () => {
  it('leaves ordinary Markdown exactly as it is', () => {
    const ordinary = '# หัวข้อ\n\n- ข้อ 1\n  - ข้อย่อย\n    > อ้างอิง\n\n1. ลำดับ\n\n```\n  code\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    expect(limitMarkdownNesting(ordinary)).toBe(ordinary);
  });

  it('keeps a deep line as text after the allowed depth', () => {
    const flattened = limitMarkdownNesting('- '.repeat(100) + 'ปลายทาง');
    expect(flattened.length).toBeLessThan(MAX_CONTAINER_PREFIX_COLUMNS + 200);
    expect(renderNoteMarkdown('- '.repeat(100) + 'ปลายทาง')).toContain('ปลายทาง');
    expect(renderNoteMarkdown('1. '.repeat(100) + 'x')).not.toMatch(/(<ol>[\s\S]*){40}/);
  });
});

describe('limitMarkdownStructure', () => {
  it('leaves a long ordinary note exactly as it is', () => {
    const note = Array.from({ length: MAX_STRUCTURED_LINES }, (_, i) => (i % 3 ? `ย่อหน้า ${i} มี **ตัวหนา** และ [ลิงก์](https://example.com/${i}) _เอน_` : '')).join('\n');
    expect(limitMarkdownStructure(note)).toBe(note);
  });

  it('keeps every word past the budgets', () => {
    const markdown = `${fill('- [ ] งาน\n')}\nท้ายสุด`;
    const html = renderNoteMarkdown(markdown);
    expect(html).toContain('ท้ายสุด');
    expect(html.match(/งาน/g)!.length).toBe(markdown.match(/งาน/g)!.length);
    expect(renderNoteMarkdown('*a* '.repeat(300))).toContain('＊a＊');
  });

  it('leaves fenced code alone', () => {
    const code = `\`\`\`\n${'*_['.repeat(500)}\n\`\`\``;
    expect(limitMarkdownStructure(code)).toBe(code);
  });
});

describe('every pathological input renders within budget', () => {
  for (const [name, markdown] of Object.entries(CATALOGUE)) {
    it(`${name} (${Buffer.byteLength(markdown)} bytes): note, comment and plain text each < ${RENDER_BUDGET_MS} ms`, () => {
      expect(cpuMs(() => renderNoteMarkdown(markdown)), 'note').toBeLessThan(RENDER_BUDGET_MS);
      expect(cpuMs(() => renderCommentMarkdown(markdown)), 'comment').toBeLessThan(RENDER_BUDGET_MS);
      expect(cpuMs(() => markdownToPlainText(markdown, 200)), 'plain text').toBeLessThan(RENDER_BUDGET_MS);
    });
  }

  it('200 KB of ">" (the reported 293 s case) renders as a note without overflowing the stack', () => {
    const markdown = '>'.repeat(200 * 1024);
    expect(cpuMs(() => renderNoteMarkdown(markdown))).toBeLessThan(RENDER_BUDGET_MS);
    expect(cpuMs(() => markdownToPlainText(markdown))).toBeLessThan(RENDER_BUDGET_MS);
  });
});
