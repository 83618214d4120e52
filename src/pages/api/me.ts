import type { APIRoute } from 'astro';
import { json } from '~/lib/server/web/http.ts';
import { accountTag } from '~/lib/account-tag.ts';

/**
 * Whose session this browser has: `{account: "u<id>" | null}`. The device outbox asks before it
 * sends, so work queued by one account is never posted under another's session.
 */
export const GET: APIRoute = ({ locals }) => json({ account: locals.user ? accountTag(locals.user) : null });
