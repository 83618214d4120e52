/**
 * What a page needs to show a community's cover photo, from the stored file's name alone (an
 * upload's name carries its size: see upload-urls.ts). Safe on both sides: no database.
 */
import { UPLOADS_PATH, parseImageUrl, variantFileName, variantWidths } from './upload-urls.ts';

/** Width ÷ height of every cover: a wide band that still shows people's faces on a phone. */
export const COVER_ASPECT = 3;
/** The `sizes` of a cover: the page's content column (at most ~960 px) or a listing card. */
export const COVER_SIZES = '(min-width: 1000px) 960px, 100vw';

export interface CommunityCover {
  url: string;
  alt: string;
  width: number;
  height: number;
  /** WebP variants for <source srcset>. */
  srcset: string;
}

/**
 * The cover of a community whose cover upload's main file is `fileName` (null: no cover). An empty
 * alt text is replaced by one naming the community, so a screen reader never hears a file name.
 */
export function communityCover(fileName: string | null | undefined, alt: string, communityName: string): CommunityCover | null {
  if (!fileName) return null;
  const url = `${UPLOADS_PATH}${fileName}`;
  const image = parseImageUrl(url);
  if (!image) return null;
  const srcset = variantWidths(image.width)
    .map((w) => `${UPLOADS_PATH}${variantFileName(image.id, image.width, image.height, w)} ${w}w`)
    .join(', ');
  return { url, alt: alt || `ภาพปกชุมชน ${communityName}`, width: image.width, height: image.height, srcset };
}
