/**
 * The HTTP side of `Idempotency-Key` (idempotency.ts): JSON routes wrap their handler in
 * `idempotent(...)` (it is apiHandler plus the key), and the middleware puts the HTML form posts
 * the app replays (isReplayableFormPost) through the same answerOnce. Without the header, or
 * signed out, a request runs as before.
 */
import type { APIContext } from 'astro';
import { DomainError } from '../errors.ts';
import {
  claimIdempotencyKey,
  fingerprintRequest,
  parseIdempotencyKey,
  recordIdempotentAnswer,
  releaseIdempotencyKey,
} from '../idempotency.ts';
import { apiHandler, errorToJson } from './http.ts';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Sent on a repeated answer, so a client (and a test) can tell it from a fresh one. */
export const REPLAYED_HEADER = 'idempotency-replayed';
/** The headers of a first answer that a replay repeats; cookies and caching are the present request's. */
const REPEATED_HEADERS = ['content-type', 'location'];

export const IN_FLIGHT_MESSAGE = 'คำขอนี้กำลังดำเนินการอยู่ (Idempotency-Key เดียวกัน) กรุณารอสักครู่แล้วส่งใหม่';
export const MISMATCH_MESSAGE = 'Idempotency-Key นี้เคยใช้ส่งข้อมูลอื่นไปแล้ว กรุณาสร้างคีย์ใหม่สำหรับรายการนี้ แล้วส่งใหม่ (ข้อมูลเดิมไม่ถูกแก้ไข)';

/** The HTML form posts the device outbox replays: new note, note edit, comment (posted to the note page), AAR. */
const REPLAYABLE_FORMS = [/^\/notes\/new$/, /^\/notes\/\d+\/edit$/, /^\/notes\/\d+$/, /^\/aar\/new$/, /^\/aar\/\d+\/edit$/];

/**
 * Answers below 400 wrote something; so did a 412 that kept a conflict copy, and a 412 stays true
 * (a revision never comes back). Every other error wrote nothing: its key is freed for a retry.
 */
function isKeptAnswer(status: number): boolean {
  return status < 400 || status === 412;
}

export function isReplayableFormPost(method: string, pathname: string): boolean {
  return method === 'POST' && REPLAYABLE_FORMS.some((route) => route.test(pathname));
}

/**
 * Runs `run` at most once per key: a repeat of a finished request gets the first answer (same
 * status, body and Location) and runs nothing; a repeat while the first still runs gets 409; the
 * key with another body (or route) 422. Error answers other than 412 are not kept (isKeptAnswer):
 * they wrote nothing, so the key is freed and a retry runs again. `refuse` shapes the refusals (JSON or a page).
 */
export async function answerOnce(
  request: Request,
  user: { id: number } | null,
  run: () => Promise<Response>,
  refuse: (error: DomainError) => Response,
): Promise<Response> {
  const header = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (header === null || !user) return run(); // signed out: the route answers 401 or sends to the login page
  let key: string;
  try {
    key = parseIdempotencyKey(header);
  } catch (error) {
    if (error instanceof DomainError) return refuse(error);
    throw error;
  }
  const url = new URL(request.url);
  const body = new Uint8Array(await request.clone().arrayBuffer());
  const fingerprint = fingerprintRequest(request.method, url.pathname + url.search, request.headers.get('content-type') ?? '', body);
  const claim = claimIdempotencyKey(user.id, key, fingerprint);
  if (claim.kind === 'in-flight') return refuse(new DomainError(409, IN_FLIGHT_MESSAGE));
  if (claim.kind === 'mismatch') return refuse(new DomainError(422, MISMATCH_MESSAGE));
  if (claim.kind === 'replay') {
    const { status, headers, body: stored } = claim.answer;
    return new Response(stored.length ? new Uint8Array(stored) : null, {
      status,
      headers: { ...headers, 'cache-control': 'no-store', [REPLAYED_HEADER]: 'true' },
    });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    releaseIdempotencyKey(user.id, key, fingerprint);
    throw error;
  }
  if (!isKeptAnswer(response.status)) {
    releaseIdempotencyKey(user.id, key, fingerprint);
    return response;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const kept: Record<string, string> = {};
  for (const name of REPEATED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  recordIdempotentAnswer(user.id, key, fingerprint, { status: response.status, headers: kept, body: bytes });
  return new Response(bytes.length ? new Uint8Array(bytes) : null, { status: response.status, headers: response.headers });
}

/**
 * apiHandler with `Idempotency-Key`: `export const POST: APIRoute = idempotent(async (context) => …)`.
 * Errors the handler throws become JSON answers (and free the key).
 */
export function idempotent(handler: (context: APIContext) => Promise<Response> | Response): (context: APIContext) => Promise<Response> {
  const handle = apiHandler(handler);
  return (context) => answerOnce(context.request, context.locals.user, () => handle(context), errorToJson);
}
