/**
 * Test data built through the public API, so every factory exercises the same code users hit.
 */
import { TestClient } from './client.ts';

let counter = 0;
/** A username unique within the test run. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}${counter}`;
}

export const TEST_PASSWORD = 'correct horse battery';

/**
 * A client that looks like a different person on a different network (test servers run with
 * TRUST_PROXY=1), so per-IP limits on sign-ups don't make unrelated tests share one bucket.
 */
export function clientFromNewAddress(baseUrl: string): TestClient {
  counter += 1;
  return new TestClient(baseUrl, baseUrl, { 'x-forwarded-for': `203.0.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}` });
}

/** Registers a new member and returns a client signed in as them. */
export async function signedInClient(
  baseUrl: string,
  overrides: Partial<{ username: string; displayName: string; password: string }> = {},
) {
  const client = clientFromNewAddress(baseUrl);
  const username = overrides.username ?? uniqueUsername();
  const res = await client.post('/api/auth/register', {
    username,
    password: overrides.password ?? TEST_PASSWORD,
    displayName: overrides.displayName ?? `ผู้ทดสอบ ${username}`,
    // Listed and mailed like members who said yes at sign-up (PDPA consent is asked, off by default).
    consents: { mail: true, directory: true },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { client, username, id: res.body.id as number };
}

/** Creates a published note (or as overridden) and returns its id. */
export async function createNoteViaApi(client: TestClient, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await client.post('/api/notes', { title: 'บันทึกทดสอบ', body: 'เนื้อหา **ทดสอบ** ภาษาไทย', tags: ['ทดสอบ'], ...overrides });
  if (res.status !== 201) throw new Error(`create note failed: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/**
 * Follows an address-verification link like a person: the GET only shows a button, and pressing
 * it (a same-origin POST) spends the token. An unusable link answers the GET's 400 page.
 */
export async function confirmEmailLink(baseUrl: string, path: string) {
  const client = new TestClient(baseUrl);
  const page = await client.get(path);
  const token = /name="token" value="([a-z2-7]+)"/.exec(page.text)?.[1];
  if (!token) return page;
  return client.postForm('/verify-email', { token });
}
