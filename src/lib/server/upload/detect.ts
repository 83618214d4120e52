/**
 * What an uploaded file really is, judged by its bytes alone (never by its name or the type the
 * browser declared). Images are told apart by their signatures; documents are PDF, the Office and
 * OpenDocument zips (by the entries inside), or plain UTF-8 text with no HTML, script or SVG in it.
 */
import { unzipSync } from 'fflate';
import type { FileExtension } from '../../upload-urls.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif';
export type Detected = { kind: 'image'; format: ImageFormat } | { kind: 'file'; ext: FileExtension } | null;

/** ISO-BMFF brands of HEIC and AVIF pictures (the `ftyp` box at byte 4). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);
/** Text that a browser could run or render as a page if it ever got past our headers. */
const MARKUP =
  /<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|\?xml|xsl)\b|<\s*[a-z]+[^>]*\bon[a-z]+\s*=|javascript:/i;
const OOXML_PARTS: [string, FileExtension][] = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];
const ODF_TYPES: Record<string, FileExtension> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};
const MAX_MIMETYPE_ENTRY_BYTES = 100;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

function detectImage(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'heif';
  return null;
}

/** The Office or OpenDocument type of a zip, from its entry names and `mimetype` entry; null for any other zip. */
function detectZipDocument(bytes: Uint8Array): FileExtension | null {
  const names = new Set<string>();
  let files: Record<string, Uint8Array>;
  try {
    // Only the tiny `mimetype` entry is inflated: the names alone are read from the central directory.
    files = unzipSync(bytes, {
      filter: (entry) => {
        names.add(entry.name);
        return entry.name === 'mimetype' && entry.originalSize <= MAX_MIMETYPE_ENTRY_BYTES;
      },
    });
  } catch {
    return null;
  }
  if (files.mimetype) {
    const odf = ODF_TYPES[new TextDecoder().decode(files.mimetype).trim()];
    if (odf) return odf;
  }
  if (!names.has('[Content_Types].xml')) return null;
  return OOXML_PARTS.find(([part]) => names.has(part))?.[1] ?? null;
}

/** UTF-8 text without NUL bytes or markup: a plain text or CSV file. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !MARKUP.test(text);
}

/**
 * The real type of `bytes`. `name` only chooses between the two text types (a `.csv` is CSV,
 * anything else plain text); it never makes bytes acceptable. Null means: refuse (415).
 */
export function detectUpload(bytes: Uint8Array, name: string): Detected {
  const image = detectImage(bytes);
  if (image) return { kind: 'image', format: image };
  if (ascii(bytes, 0, 5) === '%PDF-') return { kind: 'file', ext: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = detectZipDocument(bytes);
    return ext ? { kind: 'file', ext } : null;
  }
  if (bytes.length > 0 && isPlainText(bytes)) return { kind: 'file', ext: /\.csv$/i.test(name) ? 'csv' : 'txt' };
  return null;
}
