import type { Role, users } from '~db/schema.ts';

/** A row of `users` as drizzle reads it. */
export type UserRow = typeof users.$inferSelect;

/**
 * What pages and permission checks know about the signed-in user.
 * NOTE: a leaf module, so session.ts and user.ts can both use it without importing each other.
 */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  suspended: boolean;
}

export function toSessionUser(row: UserRow): SessionUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, suspended: row.suspendedAt != null };
}
