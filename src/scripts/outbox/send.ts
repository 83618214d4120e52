/**
 * Sends the device outbox, in order, one item at a time, each with its Idempotency-Key (so a resend
 * after a lost answer returns the first answer and writes nothing). Run by pages (on open, on
 * `online`, by the button) and by the service worker (Background Sync); a Web Lock makes sure only
 * one of them sends at a time.
 */
import {
  localUploadRefs,
  nextToSend,
  prunable,
  resolveLocalRefs,
  uploadUrls,
  type OutboxItem,
  type OutboxRequest,
} from '../../lib/outbox/items.ts';
import { getBlob, listItems, removeItems, updateItem } from './store.ts';

const LOCK_NAME = 'banthuek-outbox-send';
/** The answer of GET /api/me: who the browser's session belongs to. */
export const ME_URL = '/api/me';

export type DrainOutcome = 'done' | 'offline' | 'signed-out' | 'other-account' | 'server-error';

const OFFLINE = 'ยังไม่มีสัญญาณ จะส่งเองเมื่อกลับมาออนไลน์';
const SIGNED_OUT = 'ต้องเข้าสู่ระบบด้วยบัญชีที่เขียนไว้ก่อน แล้วรายการจะถูกส่งเอง';
const SERVER_DOWN = 'เซิร์ฟเวอร์ยังไม่พร้อม จะลองส่งใหม่อีกครั้งภายหลัง';
/**
 * A request that neither answers nor fails within this is abandoned (and resent later with the same
 * key): a connection that died silently must not hold the send lock, and every later send, forever.
 */
const JSON_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 180_000;
/**
 * A 409 with Retry-After is the idempotency layer's "the first try with this key is still running"
 * (its answer was lost on the way, the server is still making the photo's variants). The sender
 * waits as told and asks again, up to this long in one run; after that the page's retry takes over.
 * Such a 409 never marks an item failed: counting it against the item's attempts (as before) turned
 * a photo whose answers a flapping link had lost 5 times into a failed item and held its note back.
 */
const IN_FLIGHT_WAIT_MAX_MS = 60_000;
const IN_FLIGHT_RETRY_AFTER_CAP_MS = 5_000;

/** The account of the browser's session ("u<id>"), null when signed out; throws when there is no connection. */
async function sessionAccount(): Promise<string | null> {
  const response = await fetch(ME_URL, { credentials: 'same-origin', cache: 'no-store', signal: AbortSignal.timeout(JSON_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${ME_URL}: ${response.status}`);
  const me = (await response.json()) as { account: string | null };
  return me.account;
}

/**
 * Sends what `account` has queued; resolves with why it stopped. A send asked for while another
 * runs waits for it and then looks again (a connection that flaps must not leave work unsent
 * because the run it interrupted had already given up).
 */
export async function drainOutbox(account: string): Promise<DrainOutcome> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator) return navigator.locks.request(LOCK_NAME, () => drainLocked(account));
  return drainLocked(account);
}

async function drainLocked(account: string): Promise<DrainOutcome> {
  let session: string | null;
  try {
    session = await sessionAccount();
  } catch {
    return 'offline';
  }
  if (session === null) return 'signed-out';
  if (session !== account) return 'other-account'; // never post one member's work under another's session
  for (;;) {
    const items = await listItems(account);
    await removeItems(prunable(items).map((item) => item.id));
    const item = nextToSend(items);
    if (!item) return 'done';
    const outcome = await sendOne(item, items);
    if (outcome !== 'next') return outcome;
  }
}

type SendOutcome = 'next' | Exclude<DrainOutcome, 'done'>;

/** A queued JSON body with its local photo links (and AAR photo sources) turned into /uploads/ URLs. */
function resolvedJson(request: OutboxRequest, items: readonly OutboxItem[]): Record<string, unknown> | undefined {
  if (!request.json) return undefined;
  const resolved = resolveLocalRefs(request.json, uploadUrls(items)) as Record<string, unknown>;
  // Never published with a photo missing: a sent upload without its URL, or one deleted from the device.
  if (localUploadRefs(resolved).length > 0) throw new Error('missing upload');
  return resolved;
}

async function requestFor(item: OutboxItem, items: readonly OutboxItem[]): Promise<RequestInit> {
  const headers: Record<string, string> = { ...item.request.headers, 'idempotency-key': item.idempotencyKey };
  if (item.request.ifMatch) headers['if-match'] = item.request.ifMatch;
  if (item.kind === 'upload') {
    const blob = await getBlob(item.id);
    if (!blob) throw new Error('missing bytes');
    const body = new FormData();
    body.append('file', blob, item.upload?.name ?? 'photo.jpg');
    if (item.upload?.alt) body.append('alt', item.upload.alt);
    return { method: 'POST', headers, body, credentials: 'same-origin', signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) };
  }
  headers['content-type'] = 'application/json';
  return {
    method: item.request.method,
    headers,
    body: JSON.stringify(resolvedJson(item.request, items)),
    credentials: 'same-origin',
    signal: AbortSignal.timeout(JSON_TIMEOUT_MS),
  };
}

const LOCAL_PROBLEMS: Record<string, string> = {
  'missing bytes': 'ไฟล์นี้หายจากเครื่อง (เบราว์เซอร์ลบพื้นที่เก็บ) กรุณาแนบใหม่',
  'missing upload': 'รูปที่แนบไว้หายจากเครื่องก่อนส่ง จึงยังไม่ส่งรายการนี้ เปิดหน้าแก้ไขแล้วแนบรูปใหม่ หรือทิ้งรายการ',
};

/** One request for `item`; a 409 "still running" is asked again as its Retry-After says, within IN_FLIGHT_WAIT_MAX_MS. */
async function fetchItem(item: OutboxItem, items: readonly OutboxItem[]): Promise<Response> {
  const giveUpAt = Date.now() + IN_FLIGHT_WAIT_MAX_MS;
  for (;;) {
    const response = await fetch(item.request.url, await requestFor(item, items));
    const retryAfter = response.status === 409 ? Number(response.headers.get('retry-after')) : NaN;
    if (!(retryAfter >= 0) || Date.now() >= giveUpAt) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter * 1000, IN_FLIGHT_RETRY_AFTER_CAP_MS)));
  }
}

async function sendOne(item: OutboxItem, items: readonly OutboxItem[]): Promise<SendOutcome> {
  await updateItem(item.id, (it) => {
    it.state = 'sending';
    it.attempts += 1;
  });
  let response: Response;
  try {
    response = await fetchItem(item, items);
  } catch (error) {
    const problem = error instanceof Error ? LOCAL_PROBLEMS[error.message] : undefined;
    await updateItem(item.id, (it) => {
      it.state = problem ? 'failed' : 'waiting';
      it.error = problem ?? OFFLINE;
    });
    return problem ? 'next' : 'offline';
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) {
    await updateItem(item.id, (it) => {
      it.state = 'sent';
      delete it.error;
      it.result = {
        ...(typeof answer.url === 'string' ? { url: answer.url } : {}),
        ...(typeof answer.id === 'number' ? { id: answer.id } : {}),
        ...(response.headers.get('location') ? { location: response.headers.get('location')! } : {}),
      };
    });
    return 'next';
  }
  if (response.status === 412 && (item.kind === 'note-edit' || item.kind === 'aar-edit')) return keepBothVersions(item, answer);
  const message = typeof answer.error === 'string' ? answer.error : undefined;
  if (response.status === 401 || response.status === 403) {
    await updateItem(item.id, (it) => {
      it.state = 'waiting';
      it.error = response.status === 401 ? SIGNED_OUT : (message ?? SIGNED_OUT);
    });
    return 'signed-out';
  }
  // A 409 still carrying Retry-After: the first try is still running after IN_FLIGHT_WAIT_MAX_MS; later.
  const stillRunning = response.status === 409 && response.headers.has('retry-after');
  if (response.status >= 500 || response.status === 429 || response.status === 408 || stillRunning) {
    await updateItem(item.id, (it) => {
      it.state = 'waiting';
      it.error = response.status === 429 ? (message ?? SERVER_DOWN) : SERVER_DOWN;
    });
    return 'server-error';
  }
  await updateItem(item.id, (it) => {
    it.state = 'failed';
    it.error = message ?? `เซิร์ฟเวอร์ไม่รับรายการนี้ (รหัส ${response.status}) แก้ไขแล้วลองใหม่ หรือทิ้งรายการ`;
  });
  return 'next';
}

/**
 * A queued edit met a newer text on the server (412). Neither is lost: the server's text stays, and
 * (asked with X-Keep-Conflict) the server saved the device's version as a draft copy of the note,
 * `conflictDraftId`. The edit page shows both side by side and the author chooses.
 */
async function keepBothVersions(item: OutboxItem, answer: Record<string, unknown>): Promise<SendOutcome> {
  const current = (answer.current ?? undefined) as NonNullable<OutboxItem['conflict']>['current'];
  const draftId = typeof answer.conflictDraftId === 'number' ? answer.conflictDraftId : undefined;
  await updateItem(item.id, (it) => {
    it.state = 'conflict';
    it.error = 'มีการแก้บันทึกนี้บนเว็บหลังจากที่คุณเริ่มแก้ในเครื่องนี้ เก็บไว้ทั้งสองฉบับแล้ว เปิดหน้าแก้ไขเพื่อเลือกฉบับที่ต้องการ';
    it.conflict = { ...(draftId !== undefined ? { draftId } : {}), ...(current ? { current } : {}) };
  });
  return 'next';
}
