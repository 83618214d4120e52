/**
 * Reads rendered pages the way a browser would (parse5, the HTML standard's parser) and lists
 * anything that could run script: inline <script>, <style> or style="" (our CSP forbids them; the
 * one exception is the build's own stylesheet, inlined into every page and allowed by its sha256),
 * on* event attributes, javascript:/vbscript:/data: URLs in link-like attributes, <iframe>,
 * <object>, <embed>, <base>, and <meta http-equiv="refresh">.
 */
import { createHash } from 'node:crypto';
import { parse } from 'parse5';

interface Node {
  nodeName: string;
  value?: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'srcset', 'background', 'cite']);
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data):/i;
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'applet']);

/** Whether the page's CSP (`csp`) allows this <style> by the sha256 of its text, as a browser checks it. */
function allowedByHash(style: Node, csp: string): boolean {
  const text = (style.childNodes ?? []).map((child) => child.value ?? '').join('');
  return csp.includes(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
}

/**
 * Problems found in `html`; an empty list means nothing on the page can execute. `csp` is the
 * page's Content-Security-Policy: a <style> it allows by hash is the build's own stylesheet.
 */
export function findUnsafeMarkup(html: string, csp: string | null = ''): string[] {
  const problems: string[] = [];
  const visit = (node: Node) => {
    if (node.tagName) {
      const attrs = node.attrs ?? [];
      const attr = (name: string) => attrs.find((a) => a.name === name)?.value;
      if (node.tagName === 'script' && !attr('src')) problems.push('inline <script>');
      if (node.tagName === 'style' && !allowedByHash(node, csp ?? '')) problems.push('<style> element');
      if (FORBIDDEN_ELEMENTS.has(node.tagName)) problems.push(`<${node.tagName}>`);
      if (node.tagName === 'meta' && /refresh/i.test(attr('http-equiv') ?? '')) problems.push('<meta http-equiv=refresh>');
      for (const { name, value } of attrs) {
        if (name === 'style') problems.push(`style="" on <${node.tagName}>`);
        if (/^on/i.test(name)) problems.push(`${name}="${value.slice(0, 40)}" on <${node.tagName}>`);
        // Browsers strip tabs/newlines and leading controls/spaces before reading a URL's scheme.
        const url = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
        if (URL_ATTRIBUTES.has(name) && DANGEROUS_SCHEME.test(url)) problems.push(`${name}="${value.slice(0, 40)}" on <${node.tagName}>`);
      }
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(html) as unknown as Node);
  return problems;
}
