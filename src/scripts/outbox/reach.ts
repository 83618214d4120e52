/**
 * Whether a form may be posted the ordinary way: the browser says it is online and the server
 * answers GET /api/me within REACH_TIMEOUT_MS. Otherwise the editors keep the work in the outbox.
 */
import { ME_URL } from './send.ts';

/** How long บันทึก waits to hear from the server before it keeps the work on the device. */
const REACH_TIMEOUT_MS = 4_000;

export async function serverReachable(): Promise<boolean> {
  if (navigator.onLine === false) return false;
  try {
    const response = await fetch(ME_URL, { cache: 'no-store', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    return response.ok;
  } catch {
    return false;
  }
}
