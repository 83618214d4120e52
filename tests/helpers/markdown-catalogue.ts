/**
 * Pathological Markdown for the budget tests (tests/unit/markdown-budget.test.ts): inputs that cost
 * the parser time or stack (the input budget, decision 0901), and inputs that expand when they
 * become HTML (the output budget, decision 2101).
 */

/** `unit` repeated to about `size` bytes. */
export const fill = (unit: string, size: number) => unit.repeat(Math.floor(size / Buffer.byteLength(unit)));

/** The body from issue 21: 3,000 header columns over 290 one-cell rows, each padded to 3,000 cells. */
export const REPORTED_TABLE = `${'|a'.repeat(3000)}|\n${'|-'.repeat(3000)}|\n${'x\n'.repeat(290)}`;

/** Inputs of about `bytes` bytes that cost the parser (the reported crash was a 10 KB comment). */
function parserCatalogue(bytes: number): Record<string, string> {
  return {
    'nested bullet list on one line (the reported 40 s case)': '- '.repeat(bytes / 2) + 'x',
    'nested ordered list': fill('1. ', bytes),
    'nested quotes without spaces': fill('>', bytes),
    'nested quotes with spaces': fill('> ', bytes),
    'quotes and lists mixed': fill('> - ', bytes),
    'lists nested by indentation': Array.from({ length: 140 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'),
    'tabs and markers': fill('\t- ', bytes),
    'emphasis run': fill('*', bytes),
    'open brackets': fill('[', bytes),
    images: fill('![', bytes),
    'backtick runs': fill('`', bytes),
    'strikethrough run': fill('~', bytes),
    'raw HTML tags': fill('<div>', bytes),
    'raw HTML attributes': fill('<a href="', bytes),
    'entity flood': fill('&amp;', bytes),
    'numeric entities out of range': fill('&#9999999;', bytes),
    'one long Thai line': fill('ก', bytes),
    'bare www links': fill('www.a', bytes),
    'alternating emphasis': fill('*_', bytes),
    'emphasis between letters': fill('a*', bytes),
    'underscores between letters': fill('_a_a', bytes),
    'setext headings': fill('a\n=\n', bytes),
    'setext h2 and breaks': fill('a\n---\n', bytes),
    'reference links': `${fill('[a][a]', bytes - 20)}\n\n[a]: http://x.th`,
    'reference definitions': fill('[a]: http://x\n', bytes),
    'link openers': fill('[a](', bytes),
    'wide table': `|${fill('a|', bytes / 2)}\n|${fill('-|', bytes / 2 - 4)}\n`,
    'table rows': `a|b\n-|-\n${fill('a|b\n', bytes - 8)}`,
    'many footnote references': `${fill('[^a]', bytes / 2)}\n\n${fill('[^a]: x\n', bytes / 2)}`,
    'many footnote definitions': fill('[^1]: x\n', bytes),
    'task lists': fill('- [ ] a\n', bytes),
    'empty lines': fill('\n', bytes),
    'short lines': fill('a\n', bytes),
    'bare links in one paragraph': fill('http://x.th ', bytes),
    'unclosed autolinks': fill('<http://a ', bytes),
    autolinks: fill('<http://a> ', bytes),
    'code spans': fill('`a` ', bytes),
    'an entity per paragraph': fill('&amp;\n\n', bytes),
    'a footnote reference per paragraph': `${fill('[^a]\n\n', bytes - 10)}\n[^a]: x\n`,
    'a link opener per paragraph': fill('[a](\n\n', bytes),
    'alternating emphasis per paragraph': fill('*_\n\n', bytes),
  };
}

/** A header of `columns` cells, its delimiter row (`delimiter` per cell) and `rows` one-cell rows. */
function paddedTable(columns: number, rows: number, delimiter = '-'): string {
  return `${'|a'.repeat(columns)}|\n${`|${delimiter}`.repeat(columns)}|\n${'x\n'.repeat(rows)}`;
}

/** Paragraphs of `perParagraph` copies of `unit` (within the per-paragraph budgets), about `bytes` in all. */
function paragraphsOf(unit: string, perParagraph: number, bytes: number): string {
  return fill(`${unit.repeat(perParagraph)}\n\n`, bytes);
}

/**
 * Inputs of about `bytes` bytes whose HTML grows far beyond them without an output budget: GFM
 * pads every table row to the header's width, references copy their definition each time they
 * are used, and some one-character constructs become tens of characters of HTML.
 */
export function expansionCatalogue(bytes: number): Record<string, string> {
  const rows = 290; // within the 300 structured lines
  return {
    'table padded to its header': paddedTable(Math.floor((bytes - 2 * rows) / 4), rows),
    'aligned table padded to its header': paddedTable(Math.floor((bytes - 2 * rows) / 6), rows, ':-:'),
    'many tables padded to their headers': fill(`${paddedTable(Math.floor(bytes / 23 / 5), 10)}\n`, bytes),
    'reference link copies': `[a]: http://x.th/${'a'.repeat(bytes / 2)}\n\n${paragraphsOf('[a] ', 100, bytes / 2)}`,
    'reference image copies': `[a]: http://x.th/${'a'.repeat(bytes / 2)}\n\n${paragraphsOf('![a][a] ', 100, bytes / 2)}`,
    'reference title copies': `[a]: /x "${'t'.repeat(bytes / 2)}"\n\n${paragraphsOf('[a] ', 100, bytes / 2)}`,
    'full reference copies': `[a]: http://x.th/${'a'.repeat(bytes / 2)}\n\n${paragraphsOf('[b][a] ', 100, bytes / 2)}`,
    'footnote back-references with a long label': `${paragraphsOf(`[^${'l'.repeat(500)}]`, 10, bytes - 600)}\n[^${'l'.repeat(500)}]: x\n`,
    'ampersands and angle brackets (escaped to entities)': fill('&<', bytes),
    'empty list items': fill('-\n', bytes),
    'empty ordered items': fill('1.\n', bytes),
    'loose list items': fill('- a\n\n', bytes),
    'empty task items': fill('- [ ]\n', bytes),
    'list padding by nesting': fill('- - - - - - - - a\n', bytes),
    'empty headings': fill('#\n', bytes),
    'thematic breaks': fill('***\n', bytes),
    'empty block quotes': fill('>\n\n', bytes),
    mentions: fill('@somchai ', bytes),
    'video links on their own lines': fill('https://youtu.be/abcdefghijk\n\n', bytes),
  };
}

/** Every case of both catalogues. */
export function catalogue(bytes: number): Record<string, string> {
  return { ...parserCatalogue(bytes), ...expansionCatalogue(bytes) };
}
