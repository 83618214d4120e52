import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE_NAME } from '~/lib/server/session.ts';
import { readCookie } from '~/lib/server/web/request-headers.ts';

/**
 * The session token from the Cookie header, or undefined (absent or malformed). The server reads it
 * once per request (server.ts) and hands it to every step that needs it, Astro's middleware included.
 */
export function sessionToken(req: IncomingMessage): string | undefined {
  return readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
}
