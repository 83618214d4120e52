/**
 * Who may do what: the one place every page, form and API route asks. Routes never compare roles
 * or owner ids themselves.
 */
import type { Role } from '~db/schema.ts';
import type { SessionUser } from './user.ts';

const ROLE_RANK: Record<Role, number> = { member: 0, organiser: 1, moderator: 2, admin: 3 };

export type Action =
  | 'note:create'
  | 'note:read'
  | 'note:edit'
  | 'note:delete'
  | 'comment:create'
  | 'comment:edit'
  | 'comment:delete'
  | 'comment:hide'
  | 'aar:create'
  | 'moderate'
  | 'admin';

/** The facts about a thing that decide access: who wrote it, and for comments the note's author. */
export interface Resource {
  authorId?: number;
  noteAuthorId?: number;
  status?: 'draft' | 'published';
  deleted?: boolean;
  hidden?: boolean;
}

export function hasRole(user: SessionUser | null, role: Role): boolean {
  return !!user && !user.suspended && ROLE_RANK[user.role] >= ROLE_RANK[role];
}

/** True when `user` (null = anonymous) may perform `action` on `resource`. */
export function can(user: SessionUser | null, action: Action, resource: Resource = {}): boolean {
  const active = !!user && !user.suspended;
  const isAuthor = active && resource.authorId === user!.id;
  const isModerator = hasRole(user, 'moderator');
  switch (action) {
    case 'note:read':
      if (resource.deleted) return false;
      if (resource.hidden) return isModerator || isAuthor;
      return resource.status === 'published' || isAuthor;
    case 'note:create':
    case 'comment:create':
      return active;
    case 'note:edit':
    case 'comment:edit':
      return isAuthor && !resource.deleted;
    case 'note:delete':
    case 'comment:delete':
      return (isAuthor || isModerator) && !resource.deleted;
    case 'comment:hide':
      return active && (isModerator || resource.noteAuthorId === user!.id) && !resource.deleted;
    case 'aar:create':
      return hasRole(user, 'organiser');
    case 'moderate':
      return isModerator;
    case 'admin':
      return hasRole(user, 'admin');
  }
}
