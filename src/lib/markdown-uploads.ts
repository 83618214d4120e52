/**
 * Uploaded images and documents in rendered Markdown. Runs after sanitising, on trusted URLs only
 * (those that match our upload names exactly): an image becomes a <picture> with WebP variants,
 * `srcset`, `sizes`, `width`/`height` (no layout shift) and lazy loading unless it is the first
 * image and on the first screen; a
 * link to a document standing alone in its paragraph becomes a file card with type, name and size.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { FILE_TYPES, formatBytes, parseFileUrl, parseImageUrl, variantFileName, variantWidths, UPLOADS_PATH } from './upload-urls.ts';

/** The note column: the page is at most 60rem wide with 1rem of padding each side. */
const NOTE_IMAGE_SIZES = '(min-width: 60rem) 58rem, calc(100vw - 2rem)';

function visit(parent: HastRoot | Element, each: (el: Element, parent: HastRoot | Element, index: number) => void): void {
  parent.children.forEach((child, index) => {
    if (child.type !== 'element') return;
    each(child, parent, index);
    visit(child, each);
  });
}

function uploadedPicture(img: Element, src: string): Element | null {
  const parsed = parseImageUrl(src);
  if (!parsed) return null;
  const { id, width, height } = parsed;
  const srcset = variantWidths(width)
    .map((w) => `${UPLOADS_PATH}${variantFileName(id, width, height, w)} ${w}w`)
    .join(', ');
  img.properties = { ...img.properties, width, height, decoding: 'async', sizes: NOTE_IMAGE_SIZES, srcSet: `${src} ${width}w` };
  const source: Element = {
    type: 'element',
    tagName: 'source',
    properties: { type: 'image/webp', srcSet: srcset, sizes: NOTE_IMAGE_SIZES },
    children: [],
  };
  return { type: 'element', tagName: 'picture', properties: {}, children: [source, img] };
}

function fileCard(link: Element, href: string): Element | null {
  const parsed = parseFileUrl(href);
  if (!parsed) return null;
  const { label } = FILE_TYPES[parsed.ext];
  const span = (className: string, children: ElementContent[], extra: Record<string, string> = {}): Element => ({
    type: 'element',
    tagName: 'span',
    properties: { className: [className], ...extra },
    children,
  });
  return {
    type: 'element',
    tagName: 'a',
    properties: { ...link.properties, className: ['file-card'], dataType: parsed.ext, download: true },
    children: [
      span('file-card-icon', [{ type: 'text', value: parsed.ext.toUpperCase() }], { ariaHidden: 'true' }),
      span('file-card-name', link.children),
      span('file-card-meta', [{ type: 'text', value: `${label} · ${formatBytes(parsed.bytes)}` }]),
    ],
  };
}

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/**
 * How much of a phone's first screen (360×800, below the title and byline) the body fills before
 * its first image: past this, the image is below the fold and loads lazily like the rest (issue 24:
 * the first photo far down the page was fetched at once, ahead of what the reader sees).
 */
const FIRST_SCREEN = { chars: 280, blocks: 5 };
const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'pre', 'blockquote', 'hr']);

/** Whether the first image sits on the first screen: little text and few blocks before it. */
function firstImageOnFirstScreen(tree: HastRoot): boolean {
  let chars = 0;
  let blocks = 0;
  const walk = (node: HastRoot | HastRoot['children'][number]): boolean | undefined => {
    if (node.type === 'text') chars += node.value.trim().length;
    if (node.type === 'element') {
      if (node.tagName === 'img') return chars < FIRST_SCREEN.chars && blocks < FIRST_SCREEN.blocks;
      if (BLOCKS.has(node.tagName)) blocks += 1;
    }
    if (node.type !== 'root' && node.type !== 'element') return undefined;
    for (const child of node.children) {
      const found = walk(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(tree) ?? false;
}

/** Responsive pictures for uploaded images and cards for uploaded documents (notes). */
export function rehypeUploads(options: { images: boolean } = { images: true }) {
  return (tree: HastRoot) => {
    let firstImage = firstImageOnFirstScreen(tree);
    visit(tree, (el, parent, index) => {
      if (el.tagName === 'img') {
        // An image on the first screen loads at once, the rest when near.
        if (firstImage) delete el.properties.loading;
        firstImage = false;
        el.properties.decoding = 'async';
        const src = typeof el.properties.src === 'string' ? el.properties.src : '';
        const picture = options.images ? uploadedPicture(el, src) : null;
        if (picture) parent.children[index] = picture;
        return;
      }
      if (el.tagName === 'p') {
        const content = el.children.filter((c) => !isBlank(c));
        const only = content.length === 1 && content[0]!.type === 'element' && content[0]!.tagName === 'a' ? content[0] : null;
        const href = only && typeof only.properties.href === 'string' ? only.properties.href : '';
        const card = only && fileCard(only, href);
        if (card) parent.children[index] = { ...el, properties: { className: ['file-card-row'] }, children: [card] };
      }
    });
  };
}
