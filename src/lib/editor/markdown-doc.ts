/**
 * The WYSIWYG editor's document model and its two-way bridge to the Markdown we store: the editor
 * shows a ProseMirror document, the form sends Markdown, and the server renders that Markdown with
 * its own sanitiser, exactly as before. The parser follows the site's Markdown rules
 * (src/lib/markdown-rules.ts): single line breaks are line breaks, code only from fences, indented
 * paragraphs leave lists. Runs in the browser and in Node (round-trip tests), no DOM needed.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { Schema, type Mark, type Node as PmNode, type NodeSpec } from 'prosemirror-model';
import {
  defaultMarkdownSerializer,
  MarkdownParser,
  MarkdownSerializer,
  type MarkdownSerializerState,
  schema as commonmark,
} from 'prosemirror-markdown';
import { limitMarkdown } from '../markdown-budget.ts';
import { unindentParagraphs } from '../markdown-rules.ts';

/** Images the editor keeps: http(s) or a path on this site (what the server's sanitiser keeps). */
export const SAFE_IMAGE_SRC = /^(?:https?:\/\/|\/(?![/\\]))/i;

const cellSpec = (tag: 'td' | 'th'): NodeSpec => ({
  content: 'inline*',
  attrs: { align: { default: null } },
  tableRole: tag === 'th' ? 'header_cell' : 'cell',
  isolating: true,
  parseDOM: [
    { tag, getAttrs: (dom) => ({ align: (dom as HTMLElement).style.textAlign || (dom as HTMLElement).getAttribute('align') || null }) },
  ],
  toDOM: (node) => [tag, node.attrs.align ? { style: `text-align: ${node.attrs.align}` } : {}, 0],
});

export const editorSchema = new Schema({
  nodes: commonmark.spec.nodes
    .update('image', {
      ...commonmark.spec.nodes.get('image')!,
      // Pasted images from Word (file:///), data: URLs and the like are dropped, not kept broken.
      parseDOM: [
        {
          tag: 'img[src]',
          getAttrs: (dom) => {
            const src = (dom as HTMLElement).getAttribute('src') ?? '';
            return SAFE_IMAGE_SRC.test(src)
              ? { src, alt: (dom as HTMLElement).getAttribute('alt'), title: (dom as HTMLElement).getAttribute('title') }
              : false;
          },
        },
      ],
    })
    // Lists hold paragraphs and nested lists: what survives the "indented paragraph" rule.
    .update('list_item', { ...commonmark.spec.nodes.get('list_item')!, content: 'paragraph (bullet_list | ordered_list)*' })
    // A list made in the editor is tight ("- a\n- b"), as people write them; parsed lists keep theirs.
    // Pasted lists (Word, Google Docs, web pages) are tight too; only our own loose lists say so.
    .update('bullet_list', {
      ...commonmark.spec.nodes.get('bullet_list')!,
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: 'ul', getAttrs: (dom) => ({ tight: !(dom as HTMLElement).hasAttribute('data-loose') }) }],
      toDOM: (node) => ['ul', { 'data-loose': node.attrs.tight ? null : 'true' }, 0],
    })
    .update('ordered_list', {
      ...commonmark.spec.nodes.get('ordered_list')!,
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [
        {
          tag: 'ol',
          getAttrs: (dom) => ({
            order: Number((dom as HTMLElement).getAttribute('start') ?? 1) || 1,
            tight: !(dom as HTMLElement).hasAttribute('data-loose'),
          }),
        },
      ],
      toDOM: (node) => [
        'ol',
        { start: node.attrs.order === 1 ? null : node.attrs.order, 'data-loose': node.attrs.tight ? null : 'true' },
        0,
      ],
    })
    .append({
      table: {
        content: 'table_row+',
        group: 'block',
        tableRole: 'table',
        isolating: true,
        parseDOM: [{ tag: 'table' }],
        toDOM: () => ['table', ['tbody', 0]],
      },
      table_row: { content: '(table_cell | table_header)+', tableRole: 'row', parseDOM: [{ tag: 'tr' }], toDOM: () => ['tr', 0] },
      table_header: cellSpec('th'),
      table_cell: cellSpec('td'),
    }),
  marks: commonmark.spec.marks
    .update('link', {
      ...commonmark.spec.marks.get('link')!,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom) => {
            const href = (dom as HTMLElement).getAttribute('href') ?? '';
            return /^(?:https?:|mailto:|\/|#)/i.test(href) ? { href, title: (dom as HTMLElement).getAttribute('title') } : false;
          },
        },
      ],
    })
    .append({
      strike: {
        parseDOM: [
          { tag: 's' },
          { tag: 'del' },
          { tag: 'strike' },
          { style: 'text-decoration', getAttrs: (v) => (/line-through/.test(v) ? null : false) },
        ],
        toDOM: () => ['s', 0],
      },
    }),
});

function listIsTight(tokens: Token[], i: number): boolean {
  while (++i < tokens.length) if (tokens[i]!.type !== 'list_item_open') return tokens[i]!.hidden;
  return false;
}

const cellAlign = (tok: Token) => /text-align:\s*(left|right|center)/.exec(tok.attrGet('style') ?? '')?.[1] ?? null;

const markdownIt = MarkdownIt('default', { html: false, breaks: true, linkify: true }).disable(['code']);
// GFM links bare "www." and "http(s)://" addresses only, not "example.com".
markdownIt.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

const parser = new MarkdownParser(editorSchema, markdownIt, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: { block: 'bullet_list', getAttrs: (_tok, tokens, i) => ({ tight: listIsTight(tokens, i) }) },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (tok, tokens, i) => ({ order: Number(tok.attrGet('start')) || 1, tight: listIsTight(tokens, i) }),
  },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) }) },
  fence: { block: 'code_block', getAttrs: (tok) => ({ params: tok.info || '' }), noCloseToken: true },
  hr: { node: 'horizontal_rule' },
  image: {
    node: 'image',
    getAttrs: (tok) => ({ src: tok.attrGet('src'), title: tok.attrGet('title') || null, alt: tok.children?.[0]?.content || null }),
  },
  hardbreak: { node: 'hard_break' },
  softbreak: { node: 'hard_break' },
  table: { block: 'table' },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: 'table_row' },
  th: { block: 'table_header', getAttrs: (tok) => ({ align: cellAlign(tok) }) },
  td: { block: 'table_cell', getAttrs: (tok) => ({ align: cellAlign(tok) }) },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  s: { mark: 'strike' },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') || null }) },
  code_inline: { mark: 'code', noCloseToken: true },
});

/** Markdown (as stored) → editor document. */
export function markdownToDoc(markdown: string): PmNode {
  // The same text the server's parser sees (nesting bounded, then our indentation rule).
  return parser.parse(unindentParagraphs(limitMarkdown(markdown.replace(/\r\n?/g, '\n'))));
}

/** Serializer state fields the typings hide (@internal) but custom serializers need. */
type State = MarkdownSerializerState & {
  out: string;
  inAutolink: boolean | undefined;
  atBlockStart: boolean;
  delim: string;
  bareUrl?: boolean;
};
const internals = (state: MarkdownSerializerState) => state as State;

const commonNodes = defaultMarkdownSerializer.nodes;
const commonMarks = defaultMarkdownSerializer.marks;

/** Renders a cell's inline content to a string on one line ("|" is escaped everywhere, see below). */
function cellMarkdown(state: MarkdownSerializerState, cell: PmNode): string {
  const st = internals(state);
  const delim = st.delim;
  st.delim = ''; // a quote's "> " belongs to the table's lines, not inside a cell
  const start = st.out.length;
  state.renderInline(cell, false);
  const text = st.out.slice(start).replace(/\n/g, ' ').trim();
  st.out = st.out.slice(0, start);
  st.delim = delim;
  return text;
}

/** The link is a bare URL alone on its line: written bare, so it stays a link card on the page. */
function isBareUrlParagraph(mark: Mark, parent: PmNode, index: number): boolean {
  const node = parent.child(index);
  return (
    parent.type.name === 'paragraph' &&
    parent.childCount === 1 &&
    node.isText &&
    node.text === mark.attrs.href &&
    !mark.attrs.title &&
    /^https?:\/\//i.test(node.text ?? '')
  );
}

const serializer = new MarkdownSerializer(
  {
    ...commonNodes,
    bullet_list(state, node) {
      state.renderList(node, '  ', () => '- ');
    },
    hard_break(state, node, parent, index) {
      // A line break is a plain new line: our rules keep it (no trailing backslash needed).
      for (let i = index + 1; i < parent.childCount; i++) {
        if (parent.child(i).type !== node.type) {
          state.write('\n');
          return;
        }
      }
    },
    text(state, node, parent, index) {
      // After a line break the text starts a Markdown line: "- ", "1. ", "#", "=" must stay text.
      const st = internals(state);
      const afterBreak = index > 0 && parent.child(index - 1).type.name === 'hard_break';
      if (afterBreak && !st.inAutolink && node.text!.startsWith('=')) state.text('\\', false);
      else if (afterBreak) st.atBlockStart = true;
      state.text(node.text!, !st.inAutolink);
    },
    table(state, node) {
      state.write(''); // close the previous block before the cells are rendered aside
      const rows: string[][] = [];
      node.forEach((row) => {
        const cells: string[] = [];
        row.forEach((cell) => cells.push(cellMarkdown(state, cell)));
        rows.push(cells);
      });
      const width = Math.max(...rows.map((r) => r.length));
      const aligns: (string | null)[] = [];
      node.firstChild?.forEach((cell) => aligns.push(cell.attrs.align as string | null));
      const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      const rule = Array.from({ length: width }, (_, i) => {
        const align = aligns[i];
        return align === 'center' ? ':---:' : align === 'right' ? '---:' : align === 'left' ? ':---' : '---';
      });
      [line(rows[0] ?? []), `|${rule.join('|')}|`, ...rows.slice(1).map(line)].forEach((text, i) => {
        if (i > 0) state.ensureNewLine();
        state.write(text);
      });
      state.closeBlock(node);
    },
  },
  {
    ...commonMarks,
    strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
    link: {
      open(state, mark, parent, index) {
        const st = internals(state);
        const bare = isBareUrlParagraph(mark, parent, index);
        const autolink = bare || (commonMarks.link!.open as (...a: unknown[]) => string)(state, mark, parent, index) === '<';
        st.inAutolink = autolink;
        st.bareUrl = bare;
        return bare ? '' : autolink ? '<' : '[';
      },
      close(state, mark) {
        const st = internals(state);
        const bare = st.bareUrl;
        const autolink = st.inAutolink;
        st.inAutolink = undefined;
        if (bare) return '';
        if (autolink) return '>';
        const href = (mark.attrs.href as string).replace(/[()"]/g, '\\$&');
        const title = mark.attrs.title ? ` "${(mark.attrs.title as string).replace(/"/g, '\\"')}"` : '';
        return `](${href}${title})`;
      },
      mixable: true,
    },
  },
  {
    // "|" is escaped everywhere so a line of text can never turn into a table, "<" so it can never
    // look like HTML (the server would show it as text anyway), and "&" before an entity name so the
    // text "&amp;" stays that text instead of becoming "&".
    escapeExtraCharacters: /[|<]|&(?=#?[a-z0-9]+;)/gi,
  },
);

/** Editor document → the Markdown the form sends. */
export function docToMarkdown(doc: PmNode): string {
  return serializer.serialize(doc, { tightLists: true });
}

/** The schema's node and mark types, typed as present (the schema above defines every one). */
export const NODES = {
  paragraph: editorSchema.nodes.paragraph!,
  heading: editorSchema.nodes.heading!,
  blockquote: editorSchema.nodes.blockquote!,
  bullet_list: editorSchema.nodes.bullet_list!,
  ordered_list: editorSchema.nodes.ordered_list!,
  list_item: editorSchema.nodes.list_item!,
  code_block: editorSchema.nodes.code_block!,
  image: editorSchema.nodes.image!,
  hard_break: editorSchema.nodes.hard_break!,
  table: editorSchema.nodes.table!,
  table_row: editorSchema.nodes.table_row!,
  table_header: editorSchema.nodes.table_header!,
  table_cell: editorSchema.nodes.table_cell!,
};
export const MARKS = { strong: editorSchema.marks.strong!, em: editorSchema.marks.em!, link: editorSchema.marks.link! };

/** Markdown → document → Markdown: what saving through the editor would store. */
export function normalizeThroughEditor(markdown: string): string {
  return docToMarkdown(markdownToDoc(markdown));
}
