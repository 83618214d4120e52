/**
 * The output budget of user Markdown: what a parsed document may expand into when it becomes HTML.
 * The input budget (markdown-budget.ts) bounds what the parser does, but a few constructs are
 * copied or padded when the Markdown tree becomes an HTML tree, so a small input can grow without
 * bound there: GFM pads every table row to the header's width (a 12.9 KB table of 3,000 columns
 * over 290 one-cell rows became 870k cells, 8.7 MB of HTML and 548 MB of heap, issue 21), and
 * every use of a reference link copies its definition's URL and title. This plugin runs on the
 * Markdown tree, before that expansion, and cuts what would exceed the budget; text is never lost
 * (rows past the budget become paragraphs under a Thai note saying so). `checkHtmlBudget` is the
 * last line: the HTML a render produced, against a multiple of its input and an absolute size.
 */
import type { Definition, Nodes, Paragraph, Parents, PhrasingContent, Root, RootContent, Table, TableRow, Text } from 'mdast';
import { DomainError } from './errors.ts';

/**
 * Cells one table may render (columns × rows, header row included). GFM pads every row to the
 * header's width, so this is what the table costs, whatever the rows hold. An ordinary table of
 * 20 columns over the 300 structured lines (markdown-budget.ts) is 6,000 cells.
 */
export const MAX_TABLE_CELLS = 6_000;
/** Cells all tables of one document may render together. */
export const MAX_DOCUMENT_TABLE_CELLS = 12_000;
/**
 * Characters that reference links and images may copy from their definitions (URL and title, once
 * per use) in one document: 500 uses of a 200-character URL. Past it, a reference shows its text.
 */
const MAX_REFERENCE_COPY_CHARS = 100_000;
/**
 * HTML one render may produce: this many times the input's characters plus HTML_FLOOR_CHARS, and
 * never more than MAX_HTML_CHARS. Within the budgets above the worst case of the catalogue in
 * tests/unit/markdown-budget.test.ts is far below (see docs/decisions/2101).
 */
const HTML_PER_INPUT_CHAR = 40;
const HTML_FLOOR_CHARS = 512 * 1024;
const MAX_HTML_CHARS = 4 * 1024 * 1024;

/** The Thai note put under a table that was cut, saying what happened and what to do. */
export function truncatedTableNote(shownRows: number, allRows: number): string {
  return allRows === 0 || shownRows === 0
    ? `ตารางนี้ใหญ่เกินกว่าจะแสดงเป็นตารางได้ จึงแสดงเป็นข้อความ กรุณาแบ่งเป็นตารางย่อยหรือลดจำนวนคอลัมน์`
    : `ตารางนี้ใหญ่เกินกว่าจะแสดงครบ แสดง ${shownRows} จาก ${allRows} แถว แถวที่เหลือแสดงเป็นข้อความด้านล่าง กรุณาแบ่งเป็นตารางย่อยหรือลดจำนวนคอลัมน์`;
}

/** Marks the note so a reader (and a test) can tell a cut table from an ordinary one. */
function notice(value: string): Paragraph {
  return { type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: `⚠ ${value}` }] }] };
}

/** A table row as one paragraph: its cells' content, separated by " | ". */
function rowAsParagraph(row: TableRow): Paragraph {
  const children: PhrasingContent[] = [];
  row.children.forEach((cell, index) => {
    if (index > 0) children.push({ type: 'text', value: ' | ' });
    children.push(...cell.children);
  });
  return { type: 'paragraph', children };
}

interface Budget {
  tableCells: number;
  referenceChars: number;
  definitions: Map<string, Definition>;
}

/** The table within the budget, followed by the note and the rows that did not fit, as paragraphs. */
function limitTable(table: Table, budget: Budget): RootContent[] {
  const columns = Math.max(table.align?.length ?? 0, table.children[0]?.children.length ?? 0, 1);
  const allowed = Math.min(MAX_TABLE_CELLS, budget.tableCells);
  const rowsThatFit = Math.floor(allowed / columns);
  if (rowsThatFit >= table.children.length) {
    budget.tableCells -= columns * table.children.length;
    return [table];
  }
  // The header row alone does not fit: no table at all, every row as text.
  const kept = rowsThatFit >= 1 ? table.children.slice(0, rowsThatFit) : [];
  budget.tableCells -= columns * kept.length;
  const rest = table.children.slice(kept.length).map(rowAsParagraph);
  const note = notice(truncatedTableNote(Math.max(0, kept.length - 1), table.children.length - 1));
  return kept.length > 0 ? [{ ...table, children: kept }, note, ...rest] : [note, ...rest];
}

function referenceCopyChars(identifier: string, budget: Budget): number | undefined {
  const definition = budget.definitions.get(identifier.toUpperCase());
  return definition ? definition.url.length + (definition.title?.length ?? 0) : undefined;
}

/** Reference uses past the budget become their text (a link's content, an image's alt). */
function limitReference(node: RootContent, budget: Budget): RootContent[] | undefined {
  if (node.type !== 'linkReference' && node.type !== 'imageReference') return undefined;
  const copied = referenceCopyChars(node.identifier, budget);
  if (copied === undefined) return undefined; // unresolved: shown as the text typed, nothing copied
  budget.referenceChars -= copied;
  if (budget.referenceChars >= 0) return undefined;
  if (node.type === 'linkReference') return node.children;
  const alt: Text = { type: 'text', value: node.alt ?? '' };
  return [alt];
}

function visit(parent: Parents, budget: Budget): void {
  const children: RootContent[] = [];
  for (const child of parent.children as RootContent[]) {
    if (child.type === 'table') {
      // Cells first, so rows moved out of the table carry their references already limited.
      for (const row of child.children) for (const cell of row.children) visit(cell, budget);
      children.push(...limitTable(child, budget));
      continue;
    }
    const replaced = limitReference(child, budget);
    if (replaced) {
      children.push(...replaced);
      continue;
    }
    if ('children' in child) visit(child, budget);
    children.push(child);
  }
  parent.children = children as typeof parent.children;
}

function collectDefinitions(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition') {
    // The first definition of an identifier wins, as in mdast-util-to-hast.
    const id = node.identifier.toUpperCase();
    if (!into.has(id)) into.set(id, node);
    return;
  }
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

/**
 * Remark plugin: keeps what the Markdown tree will expand into within the budgets above (table
 * cells, reference copies). Runs last before remark-rehype, where the expansion happens.
 */
export function remarkOutputBudget() {
  return (tree: Root) => {
    const definitions = new Map<string, Definition>();
    collectDefinitions(tree, definitions);
    visit(tree, { tableCells: MAX_DOCUMENT_TABLE_CELLS, referenceChars: MAX_REFERENCE_COPY_CHARS, definitions });
  };
}

/** The most HTML characters a render of `inputChars` characters of Markdown may produce. */
export function htmlBudgetChars(inputChars: number): number {
  return Math.min(MAX_HTML_CHARS, HTML_PER_INPUT_CHAR * inputChars + HTML_FLOOR_CHARS);
}

/**
 * Refuses (413, in Thai) HTML beyond the budget of its Markdown input. Within the tree budgets this
 * should never happen; it is the last line against an expansion nobody has thought of yet.
 */
export function checkHtmlBudget(markdown: string, html: string): string {
  if (html.length <= htmlBudgetChars(markdown.length)) return html;
  throw new DomainError(413, 'ข้อความนี้เมื่อจัดรูปแบบแล้วยาวเกินกว่าที่ระบบแสดงได้ กรุณาแบ่งเป็นหลายส่วน หรือลดตารางและลิงก์อ้างอิงที่ซ้ำกันลง');
}
