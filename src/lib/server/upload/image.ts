/**
 * Photos from phones, made safe and light: turned upright by their EXIF orientation, every piece of
 * metadata dropped (EXIF, GPS, XMP, ICC — re-encoding writes none), resized to at most 1600 px wide,
 * and written as WebP variants plus a JPEG fallback. libvips does the work on its own threads, so the
 * request thread keeps serving pages; one photo at a time in the whole server (image-slot.ts) keeps
 * a core free for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import sharp from 'sharp';
import { DomainError } from '../errors.ts';
import { MAX_STORED_WIDTH, variantWidths } from '../../upload-urls.ts';
import type { ImageFormat } from './detect.ts';
import { withImageSlot } from './image-slot.ts';

/** Larger pictures are refused before a single pixel is decoded (a decompression bomb stops here). */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Plain libjpeg, not mozjpeg: mozjpeg took ~6× as long (1.2 s for a 1600 px photo) to save a third. */
const JPEG_QUALITY = 78;
/** WebP qualities tried in turn until a variant fits VARIANT_MAX_BYTES (a phone gets at most that). */
const WEBP_QUALITIES = [72, 58, 45, 35];
const WEBP_EFFORT = 2;
export const VARIANT_MAX_BYTES = 200 * 1024;
/** libvips threads per image: with one (and one image at a time in the server), a core stays for pages. */
sharp.concurrency(1);

/** libvips' threads run this much nicer than the server: under contention ~10 % of a core against a page's thread. */
const IMAGE_THREAD_NICENESS = 10;
const MAX_NICENESS = 19;

/**
 * Lowers the CPU priority of libvips' worker threads (Linux names them "libvips worker"), so
 * photos use the CPU that pages leave idle instead of taking it from them. NOTE: a thread's nice
 * value is per thread on Linux, and libvips keeps its threads, so this runs around each photo to
 * catch new ones. Elsewhere (no /proc) it does nothing.
 */
function lowerImageThreadPriority(): void {
  try {
    const niceness = Math.min(MAX_NICENESS, getPriority() + IMAGE_THREAD_NICENESS);
    for (const tid of readdirSync('/proc/self/task')) {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').startsWith('libvips')) setPriority(Number(tid), niceness);
    }
  } catch {
    // not Linux, or the thread ended meanwhile: priorities are an optimisation only
  }
}

export interface ProcessedImage {
  width: number;
  height: number;
  jpeg: Buffer;
  variants: { width: number; webp: Buffer }[];
}

/** What a cover crop resizes to: the widest `aspect` rectangle inside the upright picture, never enlarged. */
function wideCrop(width: number, height: number, aspect: number): sharp.ResizeOptions {
  const cropWidth = Math.min(width, Math.round(height * aspect));
  const targetWidth = Math.max(1, Math.min(cropWidth, MAX_STORED_WIDTH));
  return { width: targetWidth, height: Math.max(1, Math.round(targetWidth / aspect)), fit: 'cover', position: sharp.strategy.attention };
}

/** EXIF orientations 5–8 turn the picture a quarter: its upright width is the stored height. */
const QUARTER_TURN_ORIENTATION = 5;

const unsupported = () => new DomainError(415, 'อ่านไฟล์ภาพนี้ไม่ได้ กรุณาบันทึกเป็น JPEG หรือ PNG แล้วลองอัปโหลดใหม่');

/**
 * Checks the picture's size from its header alone, then decodes it once (shrunk on load where the
 * format allows) and encodes every stored copy. Throws 413 past 50 megapixels, 415 when libvips
 * cannot decode it (e.g. HEIC, whose codec the bundled libvips leaves out). With `aspect` (width ÷
 * height) the picture is cropped to that shape around its most interesting part (a community cover).
 */
export function processImage(input: Buffer, format: ImageFormat, options: { aspect?: number } = {}): Promise<ProcessedImage> {
  return withImageSlot(async () => {
    lowerImageThreadPriority();
    let meta: sharp.Metadata;
    try {
      // Only the header is read here (no pixel is decoded), so the size can be judged and named;
      // limitInputPixels guards the decode below as well.
      meta = await sharp(input, { limitInputPixels: false }).metadata();
    } catch {
      throw unsupported();
    }
    if (!meta.width || !meta.height) throw unsupported();
    if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
      throw new DomainError(413, `ภาพนี้ใหญ่เกิน ${MAX_IMAGE_PIXELS / 1_000_000} ล้านพิกเซล กรุณาย่อภาพก่อนอัปโหลด`);
    }
    if (format === 'heif' && meta.format !== 'heif') throw unsupported();
    let upright: { data: Buffer; info: sharp.OutputInfo };
    try {
      upright = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
        .rotate() // by EXIF orientation, before the metadata goes
        .resize(options.aspect
          ? ((meta.orientation ?? 1) >= QUARTER_TURN_ORIENTATION ? wideCrop(meta.height, meta.width, options.aspect) : wideCrop(meta.width, meta.height, options.aspect))
          : { width: MAX_STORED_WIDTH, withoutEnlargement: true })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw unsupported();
    }
    lowerImageThreadPriority(); // libvips may have started threads for the decode
    const { width, height, channels } = upright.info;
    const pixels = () => sharp(upright.data, { raw: { width, height, channels } });
    const jpeg = await pixels().flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, progressive: true, optimiseCoding: true }).toBuffer();
    const variants = [];
    for (const variantWidth of variantWidths(width)) {
      let webp: Buffer | undefined;
      lowerImageThreadPriority();
      for (const quality of WEBP_QUALITIES) {
        const resized = variantWidth === width ? pixels() : pixels().resize({ width: variantWidth });
        webp = await resized.webp({ quality, effort: WEBP_EFFORT }).toBuffer();
        if (webp.length <= VARIANT_MAX_BYTES) break;
      }
      variants.push({ width: variantWidth, webp: webp! });
    }
    lowerImageThreadPriority();
    return { width, height, jpeg, variants };
  });
}
