/**
 * Files for upload tests, made here with sharp and fflate (no binaries in the repository):
 * phone-like photos with GPS EXIF and a rotation, a decompression bomb's header, Office and
 * OpenDocument zips, hostile text. Plus a multipart upload helper for the TestClient.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { strToU8, zipSync } from 'fflate';
import type { TestClient } from './client.ts';

/** A photo with detail (so sizes are realistic) and GPS EXIF; `orientation` 6 means "rotate 90° to show". */
export async function phonePhoto(
  options: { width?: number; height?: number; orientation?: number; quality?: number } = {},
): Promise<Buffer> {
  const { width = 1200, height = 900, orientation, quality = 90 } = options;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // A left-to-right red ramp, top-to-bottom green ramp and a fine texture.
      pixels[i] = Math.round((x / width) * 255);
      pixels[i + 1] = Math.round((y / height) * 255);
      pixels[i + 2] = ((x * 7) ^ (y * 13)) & 0xff;
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } })
    .blur(0.8)
    .jpeg({ quality })
    .withExif({
      IFD0: { Make: 'BanthuekPhone', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '16/1 26/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 50/1 0/1' },
    });
  if (orientation) image = image.withMetadata({ orientation });
  return image.toBuffer();
}

export function pngBytes(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A tiny PNG that claims 30000×30000 pixels (900 megapixels): a decompression bomb's header. */
export function bombPng(side = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const pdfBytes = () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function docxBytes(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8(
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
      ),
    }),
  );
}

export function odtBytes(): Buffer {
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8('<office:document-content/>'),
    }),
  );
}

export const plainZipBytes = () => Buffer.from(zipSync({ 'run.sh': strToU8('#!/bin/sh\necho hi\n') }));
export const svgWithScript = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
export const htmlPage = () => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

/** POST /api/uploads as `client` (its cookies and Origin), multipart with `file` and optional `alt`. */
export async function uploadFile(client: TestClient, name: string, bytes: Buffer, options: { alt?: string; type?: string } = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: options.type ?? 'application/octet-stream' }), name);
  if (options.alt !== undefined) form.append('alt', options.alt);
  const headers: Record<string, string> = { origin: client.baseUrl, cookie: client.cookieHeader() };
  const xff = (client as unknown as { headers: Record<string, string> }).headers?.['x-forwarded-for'];
  if (xff) headers['x-forwarded-for'] = xff;
  const response = await fetch(`${client.baseUrl}/api/uploads`, { method: 'POST', body: form, headers });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, body };
}

/** GET a path as bytes, with optional headers. */
export async function fetchBytes(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  let response: Response;
  try {
    response = await fetch(baseUrl + path, { headers });
  } catch {
    // A kept-alive socket the server closed after its idle timeout (5 s) just as this request went out.
    response = await fetch(baseUrl + path, { headers });
  }
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/**
 * POST /settings/avatar as `client`: the profile photo form as a browser without JavaScript sends
 * it (multipart, field `file`), redirects not followed.
 */
export async function postAvatar(client: TestClient, name: string, bytes: Buffer, type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const headers: Record<string, string> = { origin: client.baseUrl, cookie: client.cookieHeader() };
  const xff = (client as unknown as { headers: Record<string, string> }).headers?.['x-forwarded-for'];
  if (xff) headers['x-forwarded-for'] = xff;
  const response = await fetch(`${client.baseUrl}/settings/avatar`, { method: 'POST', body: form, headers, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}
