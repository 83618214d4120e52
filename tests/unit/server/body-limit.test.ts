/**
 * One body limit per route and one 413 message (issue 22): the socket reader (server.ts), the
 * middleware's declared-size check and the JSON reader all ask body-reader.ts, so a route answers
 * the same limit and the same Thai sentence whichever of them sees the body first.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UPLOAD_BODY_LIMIT, bodyLimitFor, tooLargeMessage } from '~/lib/server/web/body-reader.ts';
import { readJsonBody } from '~/lib/server/web/http.ts';
import { isOversizeBody } from '~/lib/server/web/request-guard.ts';
import { DomainError } from '~/lib/server/errors.ts';

const post = (path: string, body: string) =>
  new Request(`http://127.0.0.1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });

async function refusal(request: Request): Promise<DomainError> {
  try {
    await readJsonBody(request, z.object({}).passthrough());
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('the request body limit', () => {
  it('content routes take 1 MB, small routes 64 KB, uploads 20 MB and a bit', () => {
    expect(bodyLimitFor('/api/notes')).toBe(1024 * 1024);
    expect(bodyLimitFor('/notes/12/edit')).toBe(1024 * 1024);
    expect(bodyLimitFor('/api/auth/login')).toBe(64 * 1024);
    expect(bodyLimitFor('/api/uploads')).toBe(UPLOAD_BODY_LIMIT);
    expect(tooLargeMessage('/api/uploads')).toContain('ไฟล์ใหญ่เกิน 20 MB');
    expect(tooLargeMessage('/api/notes')).toBe(tooLargeMessage('/api/auth/login'));
  });

  it('the JSON reader and the declared-size check refuse at the route limit with the same message', async () => {
    for (const path of ['/api/auth/login', '/api/notes']) {
      const limit = bodyLimitFor(path);
      const over = JSON.stringify({ text: 'ก'.repeat(limit / 3) });
      expect(isOversizeBody(post(path, over), bodyLimitFor(path))).toBe(true);
      const error = await refusal(post(path, over));
      expect(error.status).toBe(413);
      expect(error.message).toBe(tooLargeMessage(path));
      const under = JSON.stringify({ text: 'ก'.repeat(limit / 3 - 20) });
      expect(Buffer.byteLength(under)).toBeLessThanOrEqual(limit);
      expect(isOversizeBody(post(path, under), bodyLimitFor(path))).toBe(false);
      await expect(readJsonBody(post(path, under), z.object({ text: z.string() }))).resolves.toBeTruthy();
    }
  });
});
