/**
 * Cleans HTML pasted from Word, Google Docs, LINE and web pages before the editor reads it. The
 * editor's schema already drops fonts, colours, styles, classes and unknown tags (it keeps only
 * headings, lists, bold/italic, links, tables, quotes, code and images); this handles what the
 * schema cannot see: Word's comments and <o:p>, and Word's lists, which are paragraphs with
 * "mso-list" styles and a typed bullet instead of <ul>/<ol>.
 */

/**
 * Style attributes are renamed before the HTML is parsed: our CSP (style-src 'self') refuses to
 * apply them and logs a violation for each, and their text is all we need.
 */
const STYLE = 'data-paste-style';
const STYLE_ATTRIBUTE = /(<[a-z][^>]*?\s)style\s*=/gi;
/** Word's <style> sheet: dropped before parsing for the same reason (an inline <style> is refused too). */
const STYLE_ELEMENT = /<style\b[\s\S]*?<\/style\s*>/gi;

const WORD_LIST_STYLE = /mso-list:\s*l(\d+)\s+level(\d+)/i;
const ORDERED_MARKER = /^\s*(?:\d+|[a-z]|[ivxlcdm]+|[ก-ฮ])[.)]\s*$/i;

/** Element and attribute junk nobody wants in a note. */
function dropJunk(root: ParentNode): void {
  for (const el of root.querySelectorAll(
    'script, style, meta, link, title, xml, object, embed, iframe, form, input, button, select, textarea, svg, math',
  ))
    el.remove();
  // Word's empty <o:p> paragraphs markers and namespaced tags (o:p, v:shape, w:sdt …).
  for (const el of [...root.querySelectorAll('*')]) {
    if (el.tagName.includes(':')) el.replaceWith(...el.childNodes);
  }
  const walker = document.createTreeWalker(root as Node, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

/** Word list paragraphs → real nested <ul>/<ol>, so the editor keeps them as lists. */
function convertWordLists(root: HTMLElement): void {
  const paragraphs = [...root.querySelectorAll<HTMLElement>('p')].filter(
    (p) => WORD_LIST_STYLE.test(p.getAttribute(STYLE) ?? '') || /MsoListParagraph/i.test(p.className),
  );
  let stack: { level: number; list: HTMLElement }[] = [];
  let previous: HTMLElement | null = null;
  let previousListId: string | undefined;
  for (const p of paragraphs) {
    const style = WORD_LIST_STYLE.exec(p.getAttribute(STYLE) ?? '');
    const listId = style?.[1];
    const level = Number(style?.[2] ?? '1');
    // The typed bullet or number sits in a span styled mso-list:Ignore; it tells the list kind.
    const marker = [...p.querySelectorAll<HTMLElement>('span')].find((s) => /mso-list:\s*ignore/i.test(s.getAttribute(STYLE) ?? ''));
    const ordered = marker ? ORDERED_MARKER.test(marker.textContent?.replace(/\u00a0/g, ' ') ?? '') : false;
    marker?.remove();
    // Word numbers each list (l0, l1 …): a new id right after another list is a new list.
    const continues = previous !== null && p.previousElementSibling === previous && listId === previousListId;
    if (!continues) stack = [];
    previousListId = listId;
    while (stack.length > 0 && stack[stack.length - 1]!.level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = document.createElement(ordered ? 'ol' : 'ul');
      if (top) (top.list.lastElementChild ?? top.list).append(list);
      else p.before(list);
      top = { level, list };
      stack.push(top);
    }
    const item = document.createElement('li');
    const content = document.createElement('p');
    content.append(...p.childNodes);
    item.append(content);
    top.list.append(item);
    previous = p;
    // Keep `p` in place until the next paragraph is examined (its sibling test), then remove it.
    p.replaceChildren();
    p.dataset.wordListDone = '';
  }
  for (const p of root.querySelectorAll('p[data-word-list-done]')) p.remove();
}

/** Table cells hold one line of text in Markdown: paragraphs inside a cell become line-separated text. */
function flattenCells(root: HTMLElement): void {
  for (const cell of root.querySelectorAll('td, th')) {
    const blocks = [...cell.querySelectorAll(':scope > p, :scope > div')];
    blocks.forEach((block, i) => block.replaceWith(...(i > 0 ? [' '] : []), ...block.childNodes));
  }
}

/** The declarations of an element's style attribute, read as text (see the NOTE below). */
function declarations(el: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (el.getAttribute(STYLE) ?? '').split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0)
      map.set(
        part.slice(0, colon).trim().toLowerCase(),
        part
          .slice(colon + 1)
          .trim()
          .toLowerCase(),
      );
  }
  return map;
}

/**
 * Bold, italic and strike-through written as styles (Google Docs: <span style="font-weight:700">)
 * become tags, and every style attribute goes. NOTE: under our CSP the editor's own style rules
 * would never fire (`el.style` reads empty), so styles are read here. Google Docs also wraps a whole paste in
 * <b style="font-weight:normal" id="docs-internal-guid-…">, which must not make everything bold.
 */
function stylesToTags(root: HTMLElement): void {
  for (const el of [...root.querySelectorAll<HTMLElement>(`[${STYLE}]`)]) {
    const style = declarations(el);
    const weight = style.get('font-weight') ?? '';
    if ((el.tagName === 'B' || el.tagName === 'STRONG') && /^(?:normal|[1-4]00)$/.test(weight)) {
      el.replaceWith(...el.childNodes);
      continue;
    }
    const wrappers = [
      /^(?:bold|bolder|[6-9]00)$/.test(weight) && 'strong',
      style.get('font-style') === 'italic' && 'em',
      /line-through/.test(style.get('text-decoration') ?? style.get('text-decoration-line') ?? '') && 's',
    ].filter((tag): tag is string => !!tag);
    el.removeAttribute(STYLE);
    for (const tag of wrappers) {
      const wrapper = el.ownerDocument.createElement(tag);
      wrapper.append(...el.childNodes);
      el.append(wrapper);
    }
  }
  for (const b of [...root.querySelectorAll('b[id^="docs-internal-guid"]')]) b.replaceWith(...b.childNodes);
}

/** The HTML to hand to the editor for what was pasted. */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html.replace(STYLE_ELEMENT, '').replace(STYLE_ATTRIBUTE, `$1${STYLE}=`), 'text/html');
  dropJunk(doc.body);
  convertWordLists(doc.body); // reads Word's mso-list styles, so before they go
  stylesToTags(doc.body);
  flattenCells(doc.body);
  return doc.body.innerHTML;
}
