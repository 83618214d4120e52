/**
 * Request parsing and responses shared by the JSON API routes: honest statuses, Thai messages,
 * JSON bodies `{ error, fields? }`.
 */
import { ZodError, type ZodType, type ZodTypeDef } from 'zod';
import { toFieldErrors } from '../../validation.ts';
import { DomainError } from '../errors.ts';
import { bodyLimitFor, tooLargeMessage } from './body-reader.ts';
import { WRITE_CONFLICT_MESSAGE, isUniqueViolation } from '../write-transaction.ts';

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Reads and validates a JSON body: 415 for another content type, 413 when too large, 400 when not JSON or invalid. */
export async function readJsonBody<T>(request: Request, schema: ZodType<T, ZodTypeDef, unknown>): Promise<T> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new DomainError(415, 'ต้องส่งข้อมูลเป็น JSON (Content-Type: application/json)');
  return readJsonText(await readBodyText(request), schema);
}

function readJsonText<T>(text: string, schema: ZodType<T, ZodTypeDef, unknown>): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DomainError(400, 'ข้อมูล JSON ไม่ถูกต้อง กรุณาตรวจสอบรูปแบบ');
  }
  // Every endpoint takes one JSON object; null, arrays and bare values are not "no fields".
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DomainError(400, 'ข้อมูลต้องเป็นออบเจ็กต์ JSON เช่น {"title": "…"}');
  return parseWith(schema, data);
}

/**
 * For endpoints whose fields are all optional (a link invitation, joining a community): no body at
 * all, or an empty one of any type, means `{}`; a body that is there is read as readJsonBody does.
 */
export async function readOptionalJsonBody<T>(request: Request, schema: ZodType<T, ZodTypeDef, unknown>): Promise<T> {
  const type = request.headers.get('content-type') ?? '';
  if (/^application\/json\b/i.test(type)) {
    const text = await readBodyText(request);
    return text.trim() === '' ? parseWith(schema, {}) : readJsonText(text, schema);
  }
  if ((await readBodyText(request)) !== '') throw new DomainError(415, 'ต้องส่งข้อมูลเป็น JSON (Content-Type: application/json)');
  return parseWith(schema, {});
}

/** Validates `data`, turning zod issues into a 400 DomainError with a Thai message per field. */
export function parseWith<T>(schema: ZodType<T, ZodTypeDef, unknown>, data: unknown): T {
  const result = schema.safeParse(data ?? {});
  if (!result.success) {
    const fields = toFieldErrors(result.error);
    throw new DomainError(400, Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง', fields);
  }
  return result.data;
}

/** The body as text, within the route's limit (body-reader.ts: the same limit and message as the socket reader's). */
async function readBodyText(request: Request): Promise<string> {
  const { pathname } = new URL(request.url);
  const limit = bodyLimitFor(pathname);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new DomainError(413, tooLargeMessage(pathname));
  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > limit) throw new DomainError(413, tooLargeMessage(pathname));
  return new TextDecoder('utf-8', { fatal: false }).decode(buffer);
}

/**
 * Reads an HTML form post. An empty body of any type (a button-only form, a script's bare POST) is
 * an empty form; a body of another type is a Thai 415 and one that does not parse a 400 (the
 * middleware's checkBodyType refuses both before a page runs; this is the same rule for callers
 * outside it).
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    if ((await request.arrayBuffer()).byteLength === 0) return new FormData();
    throw new DomainError(415, 'ต้องส่งข้อมูลจากแบบฟอร์มของหน้าเว็บ กรุณากลับไปที่หน้านั้นแล้วส่งแบบฟอร์มอีกครั้ง');
  }
  try {
    return await request.formData();
  } catch {
    throw new DomainError(400, 'ข้อมูลจากแบบฟอร์มไม่ถูกต้อง กรุณาลองส่งใหม่');
  }
}

/** Reads an HTML form post into a plain object of strings (last value wins). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const form = await readFormData(request);
  const data: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === 'string') data[key] = value;
  return data;
}

/** Maps any thrown error to a JSON response; unexpected errors are logged and answered with a Thai 500. */
export function errorToJson(error: unknown): Response {
  if (error instanceof DomainError) {
    const headers: Record<string, string> = error.retryAfterMs ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
    return json({ ...error.details, error: error.message, ...(error.fields ? { fields: error.fields } : {}) }, error.status, headers);
  }
  if (error instanceof ZodError) return json({ error: 'ข้อมูลไม่ถูกต้อง', fields: toFieldErrors(error) }, 400);
  // A single insert outside writeTransaction that loses a race to the same row: a conflict, not a fault.
  if (isUniqueViolation(error)) return json({ error: WRITE_CONFLICT_MESSAGE }, 409);
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled API error', error: error instanceof Error ? error.stack : String(error) }),
  );
  return json({ error: 'ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง' }, 500);
}

/** Wraps an API handler so every thrown error becomes an honest JSON response. */
export function apiHandler<C>(handler: (context: C) => Promise<Response> | Response): (context: C) => Promise<Response> {
  return async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      return errorToJson(error);
    }
  };
}
