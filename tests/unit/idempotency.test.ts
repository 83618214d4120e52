import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { users } from '~db/schema.ts';
import { DomainError } from '~/lib/server/errors.ts';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IN_FLIGHT_ABANDONED_MS,
  claimIdempotencyKey,
  fingerprintRequest,
  parseIdempotencyKey,
  recordIdempotentAnswer,
  releaseIdempotencyKey,
  sweepIdempotencyKeys,
} from '~/lib/server/idempotency.ts';
import { answerOnce } from '~/lib/server/web/idempotent.ts';
import { errorToJson } from '~/lib/server/web/http.ts';
import { MINUTE_MS } from '~/lib/time.ts';

let cleanup: () => void;
let userId: number;
beforeEach(() => {
  cleanup = useFreshDatabase();
  userId = getDb()
    .insert(users)
    .values({ username: 'somsri', displayName: 'สมศรี', email: 'somsri@example.test', passwordHash: 'x' })
    .returning({ id: users.id })
    .get().id;
});
afterEach(() => cleanup());

const KEY = '5b0f8a4e-3c1d-4f6a-9e2b-7d8c9a0b1c2d';
const answer = {
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/notes/7' },
  body: Buffer.from('{"id":7}'),
};

function refusal(fn: () => unknown): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe('the key', () => {
  it("takes a UUID bare or as the draft's quoted sf-string", () => {
    expect(parseIdempotencyKey(KEY)).toBe(KEY);
    expect(parseIdempotencyKey(`"${KEY}"`)).toBe(KEY);
  });

  it('refuses what is not a key with a Thai 400', () => {
    for (const bad of ['', 'short', 'has space in it', `"${KEY}`, 'x'.repeat(256), 'กุญแจภาษาไทยยาวพอ']) {
      const error = refusal(() => parseIdempotencyKey(bad));
      expect(error?.status, bad).toBe(400);
      expect(error?.message).toMatch(/Idempotency-Key ไม่ถูกต้อง/);
    }
  });
});

describe('the fingerprint', () => {
  const multipart = (boundary: string, bytes: string) =>
    new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${bytes}\r\n--${boundary}--\r\n`,
    );

  it('is the same for the same form sent with another random boundary, and differs for other bytes', () => {
    const a = fingerprintRequest('POST', '/api/uploads', 'multipart/form-data; boundary=AaB03x', multipart('AaB03x', 'JPEGDATA'));
    const b = fingerprintRequest('POST', '/api/uploads', 'multipart/form-data; boundary="----qq77"', multipart('----qq77', 'JPEGDATA'));
    const c = fingerprintRequest('POST', '/api/uploads', 'multipart/form-data; boundary=AaB03x', multipart('AaB03x', 'JPEGDATB'));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('names the route and the body', () => {
    const body = new TextEncoder().encode('{"title":"ก"}');
    const first = fingerprintRequest('POST', '/api/notes', 'application/json', body);
    expect(fingerprintRequest('post', '/api/notes', 'application/json; charset=utf-8', body)).toBe(first);
    expect(fingerprintRequest('POST', '/api/drafts', 'application/json', body)).not.toBe(first);
    expect(fingerprintRequest('POST', '/api/notes', 'application/json', new TextEncoder().encode('{"title":"ข"}'))).not.toBe(first);
  });
});

describe('claiming a key', () => {
  it('runs the first request, repeats its answer, refuses another body, and says when the first still runs', () => {
    const now = Date.now();
    expect(claimIdempotencyKey(userId, KEY, 'fp1', now)).toEqual({ kind: 'run' });
    expect(claimIdempotencyKey(userId, KEY, 'fp1', now + 1)).toEqual({ kind: 'in-flight' });
    expect(claimIdempotencyKey(userId, KEY, 'fp2', now + 1)).toEqual({ kind: 'mismatch' });
    recordIdempotentAnswer(userId, KEY, 'fp1', answer);
    const replay = claimIdempotencyKey(userId, KEY, 'fp1', now + 2);
    expect(replay.kind).toBe('replay');
    if (replay.kind === 'replay') {
      expect(replay.answer.status).toBe(201);
      expect(replay.answer.headers).toEqual(answer.headers);
      expect(replay.answer.body.toString()).toBe('{"id":7}');
    }
    expect(claimIdempotencyKey(userId, KEY, 'fp2', now + 2)).toEqual({ kind: 'mismatch' });
  });

  it("is one member's: the same key from another member runs", () => {
    const other = getDb()
      .insert(users)
      .values({ username: 'malee', displayName: 'มาลี', email: 'malee@example.test', passwordHash: 'x' })
      .returning({ id: users.id })
      .get().id;
    claimIdempotencyKey(userId, KEY, 'fp1');
    recordIdempotentAnswer(userId, KEY, 'fp1', answer);
    expect(claimIdempotencyKey(other, KEY, 'fp1')).toEqual({ kind: 'run' });
  });

  it('frees a key whose request failed, so a retry runs', () => {
    claimIdempotencyKey(userId, KEY, 'fp1');
    releaseIdempotencyKey(userId, KEY, 'fp1');
    expect(claimIdempotencyKey(userId, KEY, 'fp1')).toEqual({ kind: 'run' });
  });

  it('forgets a key after 24 hours (read as absent at once, swept by the primary)', () => {
    const start = Date.now();
    claimIdempotencyKey(userId, KEY, 'fp1', start);
    recordIdempotentAnswer(userId, KEY, 'fp1', answer);
    expect(claimIdempotencyKey(userId, KEY, 'fp1', start + IDEMPOTENCY_KEY_TTL_MS - 1).kind).toBe('replay');
    expect(sweepIdempotencyKeys(start + IDEMPOTENCY_KEY_TTL_MS - 1)).toBe(0);
    // A day later the same key is a new request (another body too: it is no longer that request's key).
    expect(claimIdempotencyKey(userId, KEY, 'fp2', start + IDEMPOTENCY_KEY_TTL_MS)).toEqual({ kind: 'run' });
    expect(sweepIdempotencyKeys(start + 2 * IDEMPOTENCY_KEY_TTL_MS)).toBe(1);
    expect(claimIdempotencyKey(userId, KEY, 'fp1', start + 2 * IDEMPOTENCY_KEY_TTL_MS)).toEqual({ kind: 'run' });
  });

  it('lets a retry run a request its worker abandoned mid-way', () => {
    const start = Date.now();
    claimIdempotencyKey(userId, KEY, 'fp1', start);
    expect(claimIdempotencyKey(userId, KEY, 'fp1', start + MINUTE_MS).kind).toBe('in-flight');
    expect(claimIdempotencyKey(userId, KEY, 'fp1', start + IN_FLIGHT_ABANDONED_MS)).toEqual({ kind: 'run' });
  });
});

describe('answerOnce', () => {
  const post = (body: string, key = KEY) =>
    new Request('http://127.0.0.1/api/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body,
    });

  it('runs once and repeats the first answer with the same status, body and Location', async () => {
    let runs = 0;
    const run = async () => {
      runs += 1;
      return new Response(JSON.stringify({ id: 40 + runs }), {
        status: 201,
        headers: { 'content-type': 'application/json', location: '/notes/41' },
      });
    };
    const first = await answerOnce(post('{"title":"ก"}'), { id: userId }, run, errorToJson);
    const again = await answerOnce(post('{"title":"ก"}'), { id: userId }, run, errorToJson);
    expect(runs).toBe(1);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual({ id: 41 });
    expect(again.headers.get('location')).toBe('/notes/41');
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(first.headers.get('idempotency-replayed')).toBeNull();

    const other = await answerOnce(post('{"title":"ข"}'), { id: userId }, run, errorToJson);
    expect(other.status).toBe(422);
    expect((await other.json()).error).toMatch(/เคยใช้ส่งข้อมูลอื่น/);
    expect(runs).toBe(1);
  });

  it('keeps no error answer but a 412: the retry of a 400 runs again', async () => {
    let runs = 0;
    const failing = async () => {
      runs += 1;
      return new Response('{"error":"x"}', { status: 400 });
    };
    await answerOnce(post('{}'), { id: userId }, failing, errorToJson);
    await answerOnce(post('{}'), { id: userId }, failing, errorToJson);
    expect(runs).toBe(2);
    const stale = async () => {
      runs += 1;
      return new Response('{"error":"stale","conflictDraftId":9}', { status: 412 });
    };
    await answerOnce(post('{}', `${KEY}-b`), { id: userId }, stale, errorToJson);
    const repeated = await answerOnce(post('{}', `${KEY}-b`), { id: userId }, stale, errorToJson);
    expect(runs).toBe(3);
    expect(repeated.status).toBe(412);
  });

  it('runs requests without a key, or signed out, as before; a bad key is a 400', async () => {
    let runs = 0;
    const run = async () => {
      runs += 1;
      return new Response(null, { status: 204 });
    };
    const plain = new Request('http://127.0.0.1/api/notes', { method: 'POST', body: '{}' });
    await answerOnce(plain, { id: userId }, run, errorToJson);
    await answerOnce(post('{}'), null, run, errorToJson);
    expect(runs).toBe(2);
    expect((await answerOnce(post('{}', 'no'), { id: userId }, run, errorToJson)).status).toBe(400);
    expect(runs).toBe(2);
  });
});
