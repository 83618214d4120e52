/** `@` suggestions: members whose username starts with, or whose display name contains, what was typed. */
import { and, asc, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { users } from '~db/schema.ts';
import { needLogin } from './errors.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import type { SessionUser } from './user.ts';

const MAX_SUGGESTIONS = 8;
const MAX_QUERY_CHARS = 30;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Up to MAX_SUGGESTIONS active members, usernames that start with the query first. Signed-in members only. */
export function suggestMentions(user: SessionUser | null, query: string): { username: string; displayName: string }[] {
  if (!user) throw needLogin();
  enforceRateLimit(`suggest:user:${user.id}`, RATE_LIMITS.mentionSuggestPerUser);
  const q = query.trim().replace(/^@/, '').slice(0, MAX_QUERY_CHARS);
  if (!q) return [];
  const starts = `${escapeLike(q.toLowerCase())}%`;
  const contains = `%${escapeLike(q)}%`;
  return getDb()
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(
      and(
        isNull(users.suspendedAt),
        or(sql`${users.username} LIKE ${starts} ESCAPE '\\'`, sql`${users.displayName} LIKE ${contains} ESCAPE '\\'`),
      ),
    )
    .orderBy(sql`${users.username} LIKE ${starts} ESCAPE '\\' DESC`, asc(users.username))
    .limit(MAX_SUGGESTIONS)
    .all();
}
