/**
 * The search page's author filter accepts what people remember: the Thai display name ("สมชาย"),
 * a part of its start, or the username (with or without "@"). The index filters by username.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { users } from '~db/schema.ts';

export type AuthorFilter =
  { kind: 'username'; username: string } | { kind: 'choices'; people: { username: string; displayName: string }[] } | { kind: 'none' };

const MAX_CHOICES = 8;

/** Escapes LIKE wildcards so a typed "%" or "_" matches itself. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Resolves typed author text to one username, a short list to choose from, or nobody. */
export function resolveAuthorFilter(typed: string): AuthorFilter {
  const text = typed.normalize('NFC').trim().replace(/^@/, '').slice(0, 100);
  if (!text) return { kind: 'none' };
  const active = isNull(users.suspendedAt);
  const db = getDb();
  const byUsername = db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.username, text.toLowerCase()), active))
    .get();
  if (byUsername) return { kind: 'username', username: byUsername.username };
  const people = db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(active, or(eq(users.displayName, text), sql`${users.displayName} LIKE ${likePrefix(text)} ESCAPE '\\'`)))
    .orderBy(users.displayName)
    .limit(MAX_CHOICES + 1)
    .all();
  const exact = people.filter((p) => p.displayName === text);
  if (exact.length === 1) return { kind: 'username', username: exact[0]!.username };
  if (people.length === 1) return { kind: 'username', username: people[0]!.username };
  if (people.length === 0) return { kind: 'none' };
  return { kind: 'choices', people: people.slice(0, MAX_CHOICES) };
}

/** A tag typed into the filter as "#แผนชุมชน" means the tag แผนชุมชน. */
export function cleanTagFilter(typed: string): string {
  return typed.trim().replace(/^#+/, '').trim();
}
