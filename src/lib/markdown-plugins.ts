import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Heading, Html, Link, Paragraph, PhrasingContent, Root as MdastRoot, RootContent, Text } from 'mdast';
import { linkCardTitle, videoEmbedOf, videoEmbedSrc } from './markdown-rules.ts';
import { MENTION } from './mentions.ts';

// Browsers delete tabs and newlines anywhere in a URL and trim C0 controls and spaces around it
// (WHATWG URL parser), so "java\tscript:" is "javascript:" to them; judge URLs the same way.
const URL_IGNORED_CHARS = /[\t\n\r]/g;
const URL_SURROUNDING_JUNK = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const ALLOWED_HREF_SCHEME = /^(?:https?|mailto):/i;
const EXTERNAL_URL = /^https?:/i;
/** Scheme before the first "/", "?" or "#": anything not allowed above is refused. */
const ANY_SCHEME = /^[^/?#]*:/;
/** "//host", "/\host", "\\host" all mean "another host" to a browser. */
const PROTOCOL_RELATIVE = /^[/\\]{2}/;
const SAFE_IMAGE_SRC = /^(?:https?:\/\/|\/(?![/\\]))/i;
const LINK_REL = ['nofollow', 'ugc', 'noopener'];
const MAX_HEADING_DEPTH = 6;
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function normalizeUrl(url: string): string {
  return url.replace(URL_IGNORED_CHARS, '').replace(URL_SURROUNDING_JUNK, '');
}

/** Whether `url` may be a link target: http(s), mailto, or a path/fragment on this site. */
function isSafeHref(url: string): boolean {
  const normalized = normalizeUrl(url);
  if (ALLOWED_HREF_SCHEME.test(normalized)) return true;
  if (PROTOCOL_RELATIVE.test(normalized) || normalized.startsWith('\\')) return false;
  return !ANY_SCHEME.test(normalized);
}

/** Whether `url` may be an image source: absolute http(s) or root-relative ("/uploads/..."). */
function isSafeImageSrc(url: string): boolean {
  return SAFE_IMAGE_SRC.test(normalizeUrl(url));
}

type Parent = HastRoot | Element;

/** Depth-first, children before parents; `replace` may return nodes to put in the element's place. */
function transformElements(parent: Parent, replace: (el: Element) => ElementContent[] | undefined): void {
  const children: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type !== 'element') {
      children.push(child);
      continue;
    }
    transformElements(child, replace);
    children.push(...(replace(child) ?? [child]));
  }
  parent.children = children;
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function stringProperty(el: Element, name: string): string | undefined {
  const value = el.properties[name];
  return typeof value === 'string' ? value : undefined;
}

/** Raw HTML in Markdown is shown as the text the author typed, never interpreted. */
export function remarkRawHtmlAsText() {
  return (tree: MdastRoot) => {
    const visit = (node: MdastRoot | RootContent): void => {
      if (!('children' in node)) return;
      const isBlock = BLOCK_PARENTS.has(node.type);
      node.children = node.children.map((child) => {
        visit(child);
        if (child.type !== 'html') return child;
        const literal: Text = { type: 'text', value: (child as Html).value };
        const paragraph: Paragraph = { type: 'paragraph', children: [literal] };
        return isBlock ? paragraph : literal;
      }) as typeof node.children;
    };
    visit(tree);
  };
}

/** Nodes whose text is not prose: a mention there stays plain text. */
const NO_MENTION_PARENTS = new Set(['link', 'linkReference', 'inlineCode', 'code', 'definition']);

/** "@username" in text becomes a link to that member's profile (/u/username), as notified mentions are. */
export function remarkMentionLinks() {
  return (tree: MdastRoot) => {
    const visit = (node: MdastRoot | RootContent): void => {
      if (!('children' in node) || NO_MENTION_PARENTS.has(node.type)) return;
      node.children = node.children.flatMap((child): RootContent[] => {
        if (child.type !== 'text') {
          visit(child);
          return [child];
        }
        const parts: PhrasingContent[] = [];
        let last = 0;
        for (const match of child.value.matchAll(MENTION)) {
          const name = match[2]!.replace(/[.-]+$/, '');
          const at = match.index! + match[1]!.length;
          if (at > last) parts.push({ type: 'text', value: child.value.slice(last, at) });
          const link: Link = { type: 'link', url: `/u/${name.toLowerCase()}`, children: [{ type: 'text', value: `@${name}` }] };
          parts.push(link);
          last = at + 1 + name.length;
        }
        if (parts.length === 0) return [child];
        if (last < child.value.length) parts.push({ type: 'text', value: child.value.slice(last) });
        return parts as RootContent[];
      }) as typeof node.children;
    };
    visit(tree);
  };
}

/**
 * Markdown "#" becomes <h`top`> and deeper levels follow (at most <h6>). On a note page the <h1> is
 * the title, so `top` is 2; text shown under a heading of its own (an AAR answer in a card with an
 * <h3>) starts lower so the page's outline stays right.
 */
export function remarkShiftHeadings(options: { top?: number } = {}) {
  const shift = (options.top ?? 2) - 1;
  return (tree: MdastRoot) => {
    const visit = (node: MdastRoot | RootContent): void => {
      if (node.type === 'heading') {
        node.depth = Math.min(node.depth + shift, MAX_HEADING_DEPTH) as Heading['depth'];
      }
      if ('children' in node) node.children.forEach(visit);
    };
    visit(tree);
  };
}

/** Drops unsafe href/src; an anchor without a target is unwrapped, an image without one shows its alt. */
export function rehypeUrlPolicy() {
  return (tree: HastRoot) =>
    transformElements(tree, (el) => {
      if (el.tagName === 'a') {
        const href = stringProperty(el, 'href');
        if (href !== undefined && isSafeHref(href)) return undefined;
        return el.children;
      }
      if (el.tagName === 'img') {
        const src = stringProperty(el, 'src');
        if (src !== undefined && isSafeImageSrc(src)) return undefined;
        const alt = stringProperty(el, 'alt');
        return alt ? [text(alt)] : [];
      }
      return undefined;
    });
}

/** Comments: an image becomes a link to it, a heading becomes a bold paragraph. */
export function rehypeCommentRestrictions() {
  return (tree: HastRoot) =>
    transformElements(tree, (el) => {
      if (el.tagName === 'img') {
        const src = stringProperty(el, 'src') ?? '';
        const label = stringProperty(el, 'alt') || src;
        return [{ type: 'element', tagName: 'a', properties: { href: src }, children: [text(label)] }];
      }
      if (/^h[1-6]$/.test(el.tagName)) {
        const strong: Element = { type: 'element', tagName: 'strong', properties: {}, children: el.children };
        return [{ type: 'element', tagName: 'p', properties: {}, children: [strong] }];
      }
      return undefined;
    });
}

/** rel="nofollow ugc noopener" on every link, target="_blank" on external ones, lazy images. */
export function rehypeLinkAndImageAttributes() {
  return (tree: HastRoot) =>
    transformElements(tree, (el) => {
      const href = stringProperty(el, 'href');
      if (el.tagName === 'a' && href !== undefined) {
        el.properties.rel = [...LINK_REL];
        if (EXTERNAL_URL.test(normalizeUrl(href))) el.properties.target = '_blank';
      }
      if (el.tagName === 'img') el.properties.loading = 'lazy';
      return undefined;
    });
}

/** Code blocks come only from fences: leading spaces never make one (Thai writers indent). */
export function remarkNoIndentedCode(this: { data: (key: string) => unknown }) {
  const extensions = (this.data('micromarkExtensions') as unknown[] | undefined) ?? [];
  extensions.push({ disable: { null: ['codeIndented'] } });
  (this as unknown as { data: (key: string, value: unknown) => void }).data('micromarkExtensions', extensions);
}

/** A single line break in a paragraph is kept as `<br>` (poems, addresses, "label + URL" lines). */
export function remarkLineBreaks() {
  return (tree: MdastRoot) => {
    const visit = (node: MdastRoot | RootContent): void => {
      if (!('children' in node)) return;
      node.children = node.children.flatMap((child) => {
        if (child.type !== 'text' || !child.value.includes('\n')) {
          visit(child);
          return [child];
        }
        return child.value.split(/\r?\n/).flatMap((part, i) => {
          const pieces: RootContent[] = i > 0 ? [{ type: 'break' }] : [];
          if (part) pieces.push({ type: 'text', value: part });
          return pieces;
        });
      }) as typeof node.children;
    };
    visit(tree);
  };
}

function textContent(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textContent).join('') : '';
}

/** The one external link that is a paragraph's whole content, written as a bare URL. */
function bareUrlLink(el: Element): Element | undefined {
  if (el.tagName !== 'p') return undefined;
  const children = el.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const link = children[0];
  if (children.length !== 1 || link?.type !== 'element' || link.tagName !== 'a') return undefined;
  const href = stringProperty(link, 'href');
  if (!href || !EXTERNAL_URL.test(href)) return undefined;
  const label = textContent(link).trim();
  let decoded = href;
  try {
    decoded = decodeURI(href); // GFM percent-encodes Thai in the href, not in the text
  } catch {
    // malformed escapes: compare as written
  }
  return [href, decoded].some((url) => url === label || url === `http://${label}` || url === `https://${label}`) ? link : undefined;
}

function span(className: string, value: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children: [text(value)] };
}

/**
 * Notes: a bare URL alone on its line becomes a link card (title from the URL, nothing fetched);
 * a YouTube or Facebook video URL becomes a click-to-play card that makes no third-party request
 * until the reader clicks (src/scripts/note-page.ts then adds the youtube-nocookie/facebook iframe).
 * Runs after sanitising: the attributes here are ours, not the author's.
 */
export function rehypeLinkCards() {
  return (tree: HastRoot) =>
    transformElements(tree, (el) => {
      const link = bareUrlLink(el);
      if (!link) return undefined;
      const href = stringProperty(link, 'href')!;
      let card: { title: string; host: string };
      try {
        card = linkCardTitle(href);
      } catch {
        return undefined;
      }
      const video = videoEmbedOf(href);
      if (video) {
        const provider = video.provider === 'youtube' ? 'YouTube' : 'Facebook';
        // A link to the video that the note page's script turns into the player on click; without
        // the script it simply opens the video on its own site.
        const play: Element = {
          type: 'element',
          tagName: 'a',
          properties: { href, className: ['video-card-play'], dataVideoSrc: videoEmbedSrc(video), ariaLabel: `เล่นวิดีโอจาก ${provider}` },
          children: [text(`▶ เล่นวิดีโอ ${provider}`)],
        };
        const caption: Element = {
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [text(`วิดีโอจาก ${provider} · ${card.host} (โหลดเมื่อกดเล่นเท่านั้น)`)],
        };
        return [
          {
            type: 'element',
            tagName: 'figure',
            properties: { className: ['video-card'], dataProvider: video.provider },
            children: [play, caption],
          },
        ];
      }
      const anchor: Element = {
        type: 'element',
        tagName: 'a',
        properties: { href },
        children: [span('link-card-title', card.title), span('link-card-host', card.host)],
      };
      return [{ type: 'element', tagName: 'p', properties: { className: ['link-card'] }, children: [anchor] }];
    });
}
