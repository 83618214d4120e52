/**
 * Shrinks a phone photo before it is queued or uploaded: upright (EXIF orientation applied by
 * createImageBitmap), long side ≤ 2048 px, JPEG 0.85. Anything the browser cannot decode (HEIC in
 * Chromium, say) is sent as it is: the server decodes it.
 */
import { PHOTO_JPEG_QUALITY, PHOTO_KEEP_BYTES, PHOTO_MAX_SIDE_PX, isShrinkable, shrunkSize } from '../../lib/outbox/photo-size.ts';

export async function shrinkPhoto(file: File): Promise<File> {
  if (!isShrinkable(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    if (file.size <= PHOTO_KEEP_BYTES && Math.max(bitmap.width, bitmap.height) <= PHOTO_MAX_SIDE_PX) return file;
    const { width, height } = shrunkSize(bitmap.width, bitmap.height);
    const blob = await encode(bitmap, width, height);
    if (!blob || blob.size >= file.size) return file;
    const name = file.name.replace(/\.[^.]+$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, width: number, height: number): Promise<Blob | null> {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_JPEG_QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_JPEG_QUALITY));
}
