/**
 * Driving a token bucket to its first refusal. A bucket refills while a test sends (the mention
 * suggester gets a token back every second, comments every 20 s), so on a slow or busy machine a
 * fixed count of requests may never reach the refusal: these helpers send until it comes and
 * check the number accepted against the capacity plus whatever could have refilled meanwhile.
 */
import { expect } from 'vitest';
import type { BucketPolicy } from '~/lib/server/rate-limit.ts';

interface Answer {
  status: number;
}

/**
 * Sends with `send(i)` until a 429; every earlier answer must be `accepted`. Returns how many were
 * accepted and the refusal. `available` is what the bucket held at the start (the capacity unless
 * earlier requests of the test spent some).
 */
export async function sendUntilRefused<T extends Answer>(
  send: (i: number) => Promise<T>,
  policy: BucketPolicy,
  { accepted: acceptedStatus = 200, available = policy.capacity }: { accepted?: number; available?: number } = {},
): Promise<{ accepted: number; refusal: T }> {
  const startedAt = Date.now();
  const refilled = () => Math.ceil(((Date.now() - startedAt) / policy.refillMs) * policy.capacity);
  for (let accepted = 0; ; accepted++) {
    const answer = await send(accepted);
    if (answer.status === 429) {
      expect(accepted, 'refused before the bucket was empty').toBeGreaterThanOrEqual(available);
      return { accepted, refusal: answer };
    }
    expect(answer.status).toBe(acceptedStatus);
    expect(accepted, 'accepted more than the bucket held and refilled').toBeLessThanOrEqual(available + refilled());
  }
}
