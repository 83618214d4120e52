/**
 * What a shared link shows on LINE, Facebook and X: the first image of a note, found in its stored,
 * sanitised HTML (so no Markdown is rendered per request).
 */
import { absoluteUrl } from './site.ts';

const FIRST_IMG_SRC = /<img\b[^>]*?\bsrc="([^"]+)"/i;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** Decodes the character references rehype-stringify writes in attribute values (&#x26;, &amp;, &#39;). */
function decodeAttribute(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|quot|apos|lt|gt));/gi, (entity, hex?: string, dec?: string, name?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return NAMED_ENTITIES[name!.toLowerCase()] ?? entity;
  });
}

/** Absolute URL of the first image in sanitised note HTML, or null. Only http(s) images qualify. */
export function firstImageFromHtml(html: string): string | null {
  const match = FIRST_IMG_SRC.exec(html);
  if (!match) return null;
  const src = decodeAttribute(match[1]!);
  try {
    const url = new URL(src.startsWith('/') ? absoluteUrl(src) : src);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
