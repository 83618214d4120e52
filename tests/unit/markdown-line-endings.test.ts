/**
 * The parser breaks lines at `\n`, `\r\n` and a lone `\r`; the budget must count all three, or a
 * hostile body written with `\r` (an imported archive, a script) slips past the nesting cap.
 */
import { describe, expect, it } from 'vitest';
import { markdownToPlainText, renderNoteMarkdown } from '../../src/lib/markdown.ts';

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('Markdown budget with other line endings', () => {
  for (const [name, ending] of [
    ['lone CR', '\r'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`a ${name} before 10,000 nested list markers renders within budget`, () => {
      const hostile = 'x' + ending + '- '.repeat(10_000) + 'y';
      let html = '';
      const ms = cpuMs(() => {
        html = renderNoteMarkdown(hostile);
        markdownToPlainText(hostile);
      });
      expect(html).toContain('y');
      expect(ms).toBeLessThan(1_000);
    });
  }

  it('keeps the text of lines ended by CR, CRLF and LF alike', () => {
    expect(renderNoteMarkdown('บรรทัดหนึ่ง\rบรรทัดสอง\r\nบรรทัดสาม')).toBe(renderNoteMarkdown('บรรทัดหนึ่ง\nบรรทัดสอง\nบรรทัดสาม'));
  });
});
