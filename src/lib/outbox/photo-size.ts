/**
 * How far a phone photo is shrunk before upload: the long side at most 2048 px (the site's largest
 * variant is 1600 px wide), JPEG at 0.85. A 12 MP photo (about 4.5 MB) becomes about 0.5 MB.
 */
export const PHOTO_MAX_SIDE_PX = 2048;
export const PHOTO_JPEG_QUALITY = 0.85;
/** A photo already this small in bytes and pixels is sent as it is (re-encoding only loses quality). */
export const PHOTO_KEEP_BYTES = 600 * 1024;

/** The size to draw a `width`×`height` image at so its long side is at most `max`. */
export function shrunkSize(width: number, height: number, max = PHOTO_MAX_SIDE_PX): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Types the browser can decode and re-encode as JPEG without losing anything that matters (not GIF animation, not transparency). */
export function isShrinkable(type: string): boolean {
  return ['image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'image/avif'].includes(type.toLowerCase());
}
