/**
 * The names of uploaded files, shared by the server (which writes them) and the Markdown renderer
 * (which turns an uploaded image into a responsive <picture> and a file link into a card). An
 * upload's URL carries what the page needs, so rendering never looks anything up:
 *   image  /uploads/<id>-<width>x<height>.jpg      plus WebP variants /uploads/<id>-<width>x<height>-<w>.webp
 *   file   /uploads/<id>-<bytes>.<ext>
 * `<id>` is 128 random bits in hex. See docs/decisions/0603-uploads.md.
 */

export const UPLOADS_PATH = '/uploads/';
/** Widths of the WebP variants; an image narrower than one gets a variant at its own width instead. */
const VARIANT_WIDTHS = [480, 960, 1600] as const;
/** The widest stored copy of an image (the JPEG fallback and the widest variant). */
export const MAX_STORED_WIDTH = 1600;

/** What a document upload may be, by extension: MIME type and the Thai label on its card. */
export const FILE_TYPES = {
  pdf: { type: 'application/pdf', label: 'PDF' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' },
  pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint' },
  odt: { type: 'application/vnd.oasis.opendocument.text', label: 'เอกสาร ODT' },
  ods: { type: 'application/vnd.oasis.opendocument.spreadsheet', label: 'ตาราง ODS' },
  odp: { type: 'application/vnd.oasis.opendocument.presentation', label: 'งานนำเสนอ ODP' },
  txt: { type: 'text/plain; charset=utf-8', label: 'ข้อความ' },
  csv: { type: 'text/csv; charset=utf-8', label: 'CSV' },
} as const;
export type FileExtension = keyof typeof FILE_TYPES;

const IMAGE_URL = /^\/uploads\/([0-9a-f]{32})-(\d{1,5})x(\d{1,5})\.jpg$/;
const FILE_URL = /^\/uploads\/([0-9a-f]{32})-(\d{1,9})\.(pdf|docx|xlsx|pptx|odt|ods|odp|txt|csv)$/;
/** Any of our upload ids inside Markdown or HTML text. */
const UPLOAD_ID_IN_TEXT = /\/uploads\/([0-9a-f]{32})-/g;

export interface UploadedImageUrl {
  id: string;
  width: number;
  height: number;
}

export interface UploadedFileUrl {
  id: string;
  bytes: number;
  ext: FileExtension;
}

/** The stored widths of an image `width` px wide (already capped at MAX_STORED_WIDTH). */
export function variantWidths(width: number): number[] {
  const below = VARIANT_WIDTHS.filter((w) => w < width);
  return width >= MAX_STORED_WIDTH ? [...VARIANT_WIDTHS] : [...below, width];
}

export function imageFileName(id: string, width: number, height: number): string {
  return `${id}-${width}x${height}.jpg`;
}

export function variantFileName(id: string, width: number, height: number, variantWidth: number): string {
  return `${id}-${width}x${height}-${variantWidth}.webp`;
}

export function documentFileName(id: string, bytes: number, ext: FileExtension): string {
  return `${id}-${bytes}.${ext}`;
}

/** The parts of an uploaded image's URL, or null when `url` is not one. */
export function parseImageUrl(url: string): UploadedImageUrl | null {
  const match = IMAGE_URL.exec(url);
  return match ? { id: match[1]!, width: Number(match[2]), height: Number(match[3]) } : null;
}

/** The parts of an uploaded document's URL, or null when `url` is not one. */
export function parseFileUrl(url: string): UploadedFileUrl | null {
  const match = FILE_URL.exec(url);
  return match ? { id: match[1]!, bytes: Number(match[2]), ext: match[3] as FileExtension } : null;
}

/** Every upload id that `text` (Markdown) refers to, once each. */
export function uploadIdsIn(text: string): string[] {
  return [...new Set([...text.matchAll(UPLOAD_ID_IN_TEXT)].map((m) => m[1]!))];
}

/** "1.2 MB", "340 KB" — sizes on file cards and in settings. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1000 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
