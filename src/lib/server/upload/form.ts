/**
 * Reads the multipart body of POST /api/uploads: one field `file` and an optional `alt`. The body
 * is read with a byte limit (a client that sends more than it declared, or no length at all, is
 * cut off at the limit), then parsed; nothing is written before the whole file has arrived.
 */
import { DomainError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from './store.ts';

/** Room for the multipart boundaries, headers and the alt text around a largest file. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
const tooLarge = () => new DomainError(413, `ไฟล์ใหญ่เกิน ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB กรุณาย่อขนาดหรือแบ่งไฟล์ก่อนอัปโหลด`);

async function readLimited(request: Request, limit: number): Promise<Buffer> {
  if (Number(request.headers.get('content-length') ?? '0') > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export interface UploadForm {
  file: { name: string; bytes: Buffer };
  alt: string;
}

/** The file and alt text of an upload request; 400/413/415 with a Thai message otherwise. */
export async function readUploadForm(request: Request): Promise<UploadForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) throw new DomainError(415, 'ต้องส่งไฟล์แบบ multipart/form-data ในช่อง file');
  const body = await readLimited(request, MAX_UPLOAD_REQUEST_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as BodyInit, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new DomainError(400, 'ข้อมูลที่ส่งมาไม่ครบหรือเสียหาย กรุณาลองอัปโหลดใหม่');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new DomainError(400, 'กรุณาเลือกไฟล์ที่จะอัปโหลด', { file: 'กรุณาเลือกไฟล์' });
  const alt = form.get('alt');
  return { file: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }, alt: typeof alt === 'string' ? alt : '' };
}
