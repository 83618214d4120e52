/**
 * Photos from phones, made safe and light: turned upright by their EXIF (or HEIF) orientation, every piece of
 * metadata dropped (EXIF, GPS, XMP, ICC — re-encoding writes none), resized to fit 1600 px wide and 6400 px tall,
 * and written as WebP variants plus a JPEG fallback. libvips does the work on its own threads, so the
 * request thread keeps serving pages; one photo at a time in the whole server (image-slot.ts) keeps
 * a core free for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import sharp from 'sharp';
import { DomainError } from '../errors.ts';
import { MAX_STORED_WIDTH, variantWidths } from '../../upload-urls.ts';
import { AVATAR_SIDE, AVATAR_WIDTHS } from '../../avatar.ts';
import type { ImageFormat } from './detect.ts';
import { withImageSlot } from './image-slot.ts';
import { decodeHeic } from './heic.ts';

/** Larger pictures are refused before a single pixel is decoded (a decompression bomb stops here). */
const MAX_IMAGE_PIXELS = 50_000_000;
/** Plain libjpeg, not mozjpeg: mozjpeg took ~6× as long (1.2 s for a 1600 px photo) to save a third. */
const JPEG_QUALITY = 78;
/** WebP qualities tried in turn until a variant fits VARIANT_MAX_BYTES (a phone gets at most that). */
const WEBP_QUALITIES = [72, 58, 45, 35];
const WEBP_EFFORT = 2;
const VARIANT_MAX_BYTES = 200 * 1024;
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

/** EXIF orientations 5–8 turn the picture a quarter: its upright width is the stored height. */
const QUARTER_TURN_ORIENTATION = 5;

/** What a cover crop resizes to: the widest `aspect` rectangle inside the upright picture, never enlarged. */
function wideCrop(meta: sharp.Metadata, aspect: number): sharp.ResizeOptions {
  const [width, height] = (meta.orientation ?? 1) >= QUARTER_TURN_ORIENTATION ? [meta.height!, meta.width!] : [meta.width!, meta.height!];
  const cropWidth = Math.min(width, Math.round(height * aspect));
  const targetWidth = Math.max(1, Math.min(cropWidth, MAX_STORED_WIDTH));
  return { width: targetWidth, height: Math.max(1, Math.round(targetWidth / aspect)), fit: 'cover', position: sharp.strategy.attention };
}

/**
 * Tallest stored picture: a long infographic or a screenshot of a chat stays readable. Resizing by
 * width alone kept a 1×65,535 PNG 65,535 px tall, which WebP (16,383 px at most) refused: a 500
 * (issue 21, finding 6). Every picture now fits both sides of this box.
 */
const MAX_STORED_HEIGHT = 4 * MAX_STORED_WIDTH;
const STORED_BOX = { width: MAX_STORED_WIDTH, height: MAX_STORED_HEIGHT, fit: 'inside', withoutEnlargement: true } as const;

const unsupported = () => new DomainError(415, 'อ่านไฟล์ภาพนี้ไม่ได้ ไฟล์อาจเสียหรือส่งมาไม่ครบ กรุณาลองอัปโหลดใหม่ หรือบันทึกเป็น JPEG แล้วลองอีกครั้ง');

/**
 * Reads the picture's header alone (no pixel is decoded) and refuses it before any decoding: 413
 * past 50 megapixels (a decompression bomb stops here), 415 when libvips cannot read it. A HEIC's
 * header is read by libvips too (its container parser is bundled, only the HEVC codec is not), so
 * the same limit guards the wasm decode in heic.ts.
 */
async function checkHeader(input: Buffer, format: ImageFormat): Promise<sharp.Metadata> {
  let meta: sharp.Metadata;
  try {
    // limitInputPixels guards the decode that follows as well.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported();
  }
  if (!meta.width || !meta.height) throw unsupported();
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new DomainError(413, `ภาพนี้ใหญ่เกิน ${MAX_IMAGE_PIXELS / 1_000_000} ล้านพิกเซล กรุณาย่อภาพก่อนอัปโหลด`);
  }
  if (format === 'heif' && meta.format !== 'heif') throw unsupported();
  return meta;
}

/**
 * The picture for libvips, upright: by its EXIF orientation, or for HEIC (HEVC, which libvips cannot
 * decode) as the upright RGBA pixels decoded by libheif in a worker thread.
 */
async function openUpright(input: Buffer, meta: sharp.Metadata): Promise<sharp.Sharp> {
  if (meta.compression !== 'hevc') return sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
  const heic = await decodeHeic(input);
  return sharp(heic.data, { raw: { width: heic.width, height: heic.height, channels: 4 }, limitInputPixels: MAX_IMAGE_PIXELS });
}

/** Decodes once, upright (before the metadata goes), shaped by `shape`, as raw sRGB pixels. */
async function decodeUpright(
  input: Buffer,
  meta: sharp.Metadata,
  shape: (image: sharp.Sharp) => sharp.Sharp,
): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  try {
    const upright = await shape(await openUpright(input, meta))
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    lowerImageThreadPriority(); // libvips may have started threads for the decode
    return upright;
  } catch {
    throw unsupported();
  }
}

/** Encodes a WebP, at lower qualities in turn until it fits VARIANT_MAX_BYTES. */
async function encodeWebp(image: () => sharp.Sharp): Promise<Buffer> {
  let webp: Buffer | undefined;
  lowerImageThreadPriority();
  for (const quality of WEBP_QUALITIES) {
    webp = await image().webp({ quality, effort: WEBP_EFFORT }).toBuffer();
    if (webp.length <= VARIANT_MAX_BYTES) break;
  }
  return webp!;
}

function encodeJpeg(image: sharp.Sharp): Promise<Buffer> {
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, progressive: true, optimiseCoding: true }).toBuffer();
}

/**
 * Checks the picture's size from its header alone, then decodes it once (shrunk on load where the
 * format allows) and encodes every stored copy. Throws 413 past 50 megapixels, 415 when libvips
 * cannot decode it. With `aspect` (width ÷ height) the picture is cropped to that shape around its
 * most interesting part (a community cover).
 */
export function processImage(input: Buffer, format: ImageFormat, options: { aspect?: number } = {}): Promise<ProcessedImage> {
  return withImageSlot(async () => {
    lowerImageThreadPriority();
    const meta = await checkHeader(input, format);
    const upright = await decodeUpright(input, meta, (image) => image.resize(options.aspect ? wideCrop(meta, options.aspect) : STORED_BOX));
    const { width, height, channels } = upright.info;
    const pixels = () => sharp(upright.data, { raw: { width, height, channels } });
    const jpeg = await encodeJpeg(pixels());
    const variants = [];
    for (const variantWidth of variantWidths(width)) {
      const webp = await encodeWebp(() => (variantWidth === width ? pixels() : pixels().resize({ width: variantWidth })));
      variants.push({ width: variantWidth, webp });
    }
    lowerImageThreadPriority();
    return { width, height, jpeg, variants };
  });
}

/**
 * A profile photo: the same checks and clean-up as any photo (upright, no metadata), then cut to
 * the centre square and stored at AVATAR_SIDE px (a smaller photo is enlarged: it is shown small)
 * as a JPEG plus WebP at every AVATAR_WIDTHS width.
 */
export function processAvatar(input: Buffer, format: ImageFormat): Promise<ProcessedImage> {
  return withImageSlot(async () => {
    lowerImageThreadPriority();
    const meta = await checkHeader(input, format);
    const square = await decodeUpright(input, meta, (image) =>
      image.resize(AVATAR_SIDE, AVATAR_SIDE, { fit: 'cover', position: 'centre' }),
    );
    const { width, height, channels } = square.info;
    const pixels = () => sharp(square.data, { raw: { width, height, channels } });
    const jpeg = await encodeJpeg(pixels());
    const variants = [];
    for (const side of AVATAR_WIDTHS) {
      variants.push({ width: side, webp: await encodeWebp(() => (side === width ? pixels() : pixels().resize(side, side))) });
    }
    lowerImageThreadPriority();
    return { width, height, jpeg, variants };
  });
}
