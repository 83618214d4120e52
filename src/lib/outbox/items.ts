/**
 * The device outbox's records and the pure rules over them (which item goes next, what may be
 * pruned, how a queued note's local photo links become /uploads/ URLs). Shared by the pages and
 * the service worker; no browser API here, so the rules are unit-tested in Node.
 */

/** What a queued item asks the server to do. */
export type OutboxKind = 'upload' | 'note' | 'note-edit' | 'comment' | 'aar' | 'aar-edit';

/**
 * waiting: not yet confirmed by the server (sent again, with the same key, until it is);
 * sending: a request is under way (a crash mid-way leaves it here: it is then sent again);
 * failed: the server refused it (4xx): the member retries or discards it;
 * conflict: an edit met a newer text on the server (412): both versions are kept, the author chooses;
 * sent: done; kept only while a later item still needs its answer (a photo's URL).
 */
export type OutboxState = 'waiting' | 'sending' | 'failed' | 'conflict' | 'sent';

export interface OutboxRequest {
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  /** JSON body; a queued note's `body` may hold local photo links (see LOCAL_LINK). */
  json?: Record<string, unknown>;
  /** The revision the edit started from (sent as If-Match). */
  ifMatch?: string;
  /** Extra headers, e.g. `X-Keep-Conflict: 1` (a 412 keeps the device's version as a draft copy). */
  headers?: Record<string, string>;
}

export interface OutboxItem {
  /** Made on the device (a UUID); an upload's id is also its local link. */
  id: string;
  /** Queue order: items go out in this order. */
  seq: number;
  /** The account that queued it ("u<id>"): only that account's session sends or lists it. */
  account: string;
  kind: OutboxKind;
  state: OutboxState;
  /** Sent as Idempotency-Key on every try, so a resend never writes twice. */
  idempotencyKey: string;
  /** What the member sees in the list (a note's title, a photo's file name). */
  label: string;
  createdAt: number;
  attempts: number;
  /** Bytes kept on the device for it (a photo's bytes, a note's text). */
  bytes: number;
  request: OutboxRequest;
  /** For uploads: the file's name, type and alt text; its bytes are in the blob store under `id`. */
  upload?: { name: string; type: string; alt: string };
  /** Items that must be sent first (a note's photos). */
  dependsOn: string[];
  /** The server's answer once sent: an upload's URL, a note's address. */
  result?: { url?: string; id?: number; location?: string };
  /** The last Thai reason it could not be sent. */
  error?: string;
  /** A 412: the server's current text and the device copy kept as a draft. */
  conflict?: { draftId?: number; current?: { revision?: string; updatedAt?: string; title?: string; body?: string } };
}

/** The ETag of note `id` at `revision` (the server's format, docs/decisions/2301). */
export function noteEtag(id: number | string, revision: number | string): string {
  return `"n${id}-r${revision}"`;
}

/** A local photo link in a queued body: `![alt](local-upload:<uuid>)`. */
export const LOCAL_LINK_SCHEME = 'local-upload:';
const LOCAL_LINK = /\(local-upload:([0-9a-f-]{36})\)/g;

/** A local photo link anywhere in a queued request (a body's Markdown link, or an AAR gallery photo's bare `src`). */
const LOCAL_REF = /local-upload:([0-9a-f-]{36})/g;
/** An AAR gallery photo's `src` while its upload waits on the device: exactly `local-upload:<uuid>`. */
const LOCAL_SRC = /^local-upload:([0-9a-f-]{36})$/;

/** The upload ids a body links to locally, in order of appearance, each once. */
export function localLinkIds(body: string): string[] {
  return [...new Set([...body.matchAll(LOCAL_LINK)].map((m) => m[1]!))];
}

/** Every upload id a queued JSON body refers to (Markdown links and bare `src` values, at any depth). */
export function localUploadRefs(json: unknown): string[] {
  return [...new Set([...JSON.stringify(json ?? null).matchAll(LOCAL_REF)].map((m) => m[1]!))];
}

/**
 * A queued JSON body with every local reference resolved: Markdown links in any string and bare
 * `local-upload:<uuid>` values (an AAR's photo rows), at any depth. Unresolved ones stay as they are.
 */
export function resolveLocalRefs(value: unknown, urls: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const bare = LOCAL_SRC.exec(value);
    if (bare) return urls.get(bare[1]!) ?? value;
    return rewriteLocalLinks(value, urls);
  }
  if (Array.isArray(value)) return value.map((entry) => resolveLocalRefs(entry, urls));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolveLocalRefs(entry, urls)]));
  return value;
}

/**
 * The body with each local link replaced by its upload's URL. Links whose upload has no URL yet
 * are left as they are (the caller must not send such a body; see missingUploads).
 */
export function rewriteLocalLinks(body: string, urls: ReadonlyMap<string, string>): string {
  return body.replace(LOCAL_LINK, (whole, id: string) => {
    const url = urls.get(id);
    return url ? `(${url})` : whole;
  });
}

/** The local links of `body` that `urls` cannot resolve. */
export function missingUploads(body: string, urls: ReadonlyMap<string, string>): string[] {
  return localLinkIds(body).filter((id) => !urls.has(id));
}

const byQueueOrder = (a: OutboxItem, b: OutboxItem) => a.seq - b.seq;

/**
 * The next item to send: the first waiting (or interrupted `sending`) item, in queue order, whose
 * dependencies are all sent. An item whose photo failed waits: a note is never published without
 * its photos.
 */
export function nextToSend(items: readonly OutboxItem[]): OutboxItem | undefined {
  const byId = new Map(items.map((item) => [item.id, item]));
  return [...items].sort(byQueueOrder).find(
    (item) =>
      (item.state === 'waiting' || item.state === 'sending') &&
      item.dependsOn.every((dep) => {
        const other = byId.get(dep);
        return other === undefined || other.state === 'sent';
      }),
  );
}

/** Ids of items that wait on an item that failed or is missing its answer. */
export function blockedBy(item: OutboxItem, items: readonly OutboxItem[]): OutboxItem[] {
  const byId = new Map(items.map((other) => [other.id, other]));
  return item.dependsOn.map((dep) => byId.get(dep)).filter((dep): dep is OutboxItem => dep !== undefined && dep.state !== 'sent');
}

/** Sent items no unsent item still needs: safe to delete. */
export function prunable(items: readonly OutboxItem[]): OutboxItem[] {
  const needed = new Set(items.filter((item) => item.state !== 'sent').flatMap((item) => item.dependsOn));
  return items.filter((item) => item.state === 'sent' && !needed.has(item.id));
}

/** Items still to be sent or decided on (what "รอส่ง n รายการ" counts). */
export function pendingItems(items: readonly OutboxItem[]): OutboxItem[] {
  return items.filter((item) => item.state !== 'sent').sort(byQueueOrder);
}

/** The URLs of sent uploads, by id (what rewriteLocalLinks needs). */
export function uploadUrls(items: readonly OutboxItem[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const item of items) if (item.kind === 'upload' && item.state === 'sent' && item.result?.url) urls.set(item.id, item.result.url);
  return urls;
}
