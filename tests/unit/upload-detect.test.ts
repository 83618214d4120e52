/**
 * What an upload is, judged by its bytes: signatures, the entries inside Office/OpenDocument zips,
 * and text that must be UTF-8 without markup. And the multipart splitter of POST /api/uploads.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { detectUpload } from '~/lib/server/upload/detect.ts';
import { readUploadForm } from '~/lib/server/upload/form.ts';
import { bombPng, docxBytes, htmlPage, odtBytes, pdfBytes, pngBytes, svgWithScript } from '../helpers/upload-fixtures.ts';

const zip = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));

describe('detectUpload', () => {
  it('tells images by their signatures, whatever their names say', async () => {
    expect(detectUpload(await pngBytes(), 'photo.jpg')).toEqual({ kind: 'image', format: 'png' });
    expect(detectUpload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'x.png')).toEqual({ kind: 'image', format: 'jpeg' });
    expect(detectUpload(Buffer.from('GIF89a\x01\x00', 'latin1'), 'x')).toEqual({ kind: 'image', format: 'gif' });
    expect(detectUpload(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'), 'x')).toEqual({ kind: 'image', format: 'webp' });
    expect(detectUpload(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00', 'latin1'), 'x')).toEqual({ kind: 'image', format: 'heif' });
    expect(detectUpload(bombPng(), 'bomb.png')).toEqual({ kind: 'image', format: 'png' }); // refused later, by its size
  });

  it('tells documents by their bytes and inner entries', () => {
    expect(detectUpload(pdfBytes(), 'agenda')).toEqual({ kind: 'file', ext: 'pdf' });
    expect(detectUpload(docxBytes(), 'a.zip')).toEqual({ kind: 'file', ext: 'docx' });
    expect(detectUpload(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), 'a')).toEqual({
      kind: 'file',
      ext: 'xlsx',
    });
    expect(detectUpload(zip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }), 'a')).toEqual({
      kind: 'file',
      ext: 'pptx',
    });
    expect(detectUpload(odtBytes(), 'a.docx')).toEqual({ kind: 'file', ext: 'odt' });
    expect(detectUpload(zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet' }), 'a')).toEqual({ kind: 'file', ext: 'ods' });
    expect(detectUpload(Buffer.from('ชื่อ,จำนวน\nก,1\n'), 'list.CSV')).toEqual({ kind: 'file', ext: 'csv' });
    expect(detectUpload(Buffer.from('บันทึกการประชุม\n'), 'notes.md')).toEqual({ kind: 'file', ext: 'txt' });
  });

  it('refuses markup, scripts, binaries and zips that are not documents', () => {
    for (const [label, bytes] of [
      ['svg', svgWithScript()],
      ['html', htmlPage()],
      ['xml', Buffer.from('<?xml version="1.0"?><a/>')],
      ['inline handler', Buffer.from('hello <img src=x onerror=alert(1)>')],
      ['javascript url', Buffer.from('javascript:alert(1)')],
      ['NUL bytes', Buffer.from('abc\u0000def')],
      ['not UTF-8', Buffer.from([0xc3, 0x28, 0x41])],
      ['empty', Buffer.alloc(0)],
      ['exe', Buffer.from('MZ\x90\x00', 'latin1')],
      ['plain zip', zip({ 'a.txt': 'x' })],
      ['ooxml without a known part', zip({ '[Content_Types].xml': '<Types/>' })],
      ['odf lookalike', zip({ mimetype: 'application/x-evil' })],
    ] as const) {
      expect({ label, detected: detectUpload(bytes, 'file.txt') }).toEqual({ label, detected: null });
    }
  });
});

describe('readUploadForm', () => {
  const requestFor = (form: FormData) => new Request('http://localhost/api/uploads', { method: 'POST', body: form });

  it('takes the file (bytes intact, even with boundary-like content) and the alt text', async () => {
    const form = new FormData();
    form.append('alt', 'ภาพเวที');
    form.append('file', new Blob([Buffer.from('line\r\n--not-the-boundary\r\nend')]), 'บันทึก.txt');
    const parsed = await readUploadForm(requestFor(form));
    expect(parsed.alt).toBe('ภาพเวที');
    expect(parsed.file.name).toBe('บันทึก.txt');
    expect(parsed.file.bytes.toString()).toBe('line\r\n--not-the-boundary\r\nend');
  });

  it('answers 400 without a file, 415 for another content type, 400 for a cut-off body', async () => {
    const noFile = new FormData();
    noFile.append('alt', 'x');
    await expect(readUploadForm(requestFor(noFile))).rejects.toMatchObject({ status: 400 });
    await expect(
      readUploadForm(new Request('http://localhost/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })),
    ).rejects.toMatchObject({ status: 415 });
    const cut = new Request('http://localhost/', {
      method: 'POST',
      body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nhalf',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    await expect(readUploadForm(cut)).rejects.toMatchObject({ status: 400 });
  });
});
