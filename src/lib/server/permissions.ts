/**
 * Who may do what: the one place every page, form and API route asks. Routes never compare roles
 * or owner ids themselves. tests/unit/permissions.test.ts walks every role × action × owner.
 *
 * Roles rank member < organiser < moderator < admin; a suspended account may do nothing that an
 * anonymous visitor could not.
 */
import type { JoinPolicy, Role } from '~db/schema.ts';
import type { SessionUser } from './user.ts';

const ROLE_RANK: Record<Role, number> = { member: 0, organiser: 1, moderator: 2, admin: 3 };

export const ACTIONS = [
  'note:read',
  'note:create',
  'note:edit',
  'note:delete',
  'note:undelete',
  'note:hide',
  'note:report',
  'comment:read',
  'comment:create',
  'comment:edit',
  'comment:delete',
  'comment:undelete',
  'comment:hide',
  'comment:restore',
  'comment:approve',
  'comment:report',
  'comment:skip-approval',
  'question:accept',
  'asset:create',
  'asset:edit',
  'asset:undo',
  'asset:apply',
  'report:km',
  'aar:create',
  'community:create',
  'community:file-note',
  'community:remove-note',
  'community:edit',
  'community:manage',
  'community:join',
  'community:request-join',
  'event:create',
  'event:edit',
  'event:attend',
  'follow',
  'appreciate',
  'bookmark',
  'series:create',
  'series:edit',
  'upload:create',
  'upload:delete',
  'upload:read-withheld',
  'profile:edit',
  'user:suspend',
  'user:set-role',
  'moderate',
  'audit:read',
  'mail:read-outbox',
  'admin',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The facts about a thing that decide access. `authorId` is its owner (for a user account: the
 * account itself); `noteAuthorId` is the note's author when the thing is a comment; `ownerRole`
 * is the owner's role (suspending someone of equal or higher rank is refused).
 */
export interface Resource {
  authorId?: number;
  noteAuthorId?: number;
  ownerRole?: Role;
  status?: 'draft' | 'published';
  deleted?: boolean;
  /** Who deleted it (undo: the author may bring back only what they deleted themself). */
  deletedById?: number | null;
  hidden?: boolean;
  pending?: boolean;
  /** A comment hidden by a moderator (or rejected in the queue): only a moderator may undo it. */
  hiddenByModerator?: boolean;
  /** Communities: who owns it, and whether the user is a member (a manager: named by the owner). */
  ownerId?: number;
  isMember?: boolean;
  isManager?: boolean;
  /** An archived community is read-only. */
  archived?: boolean;
  joinPolicy?: JoinPolicy;
  /** The user holds a valid invitation (by username, or a link's token). */
  hasInvitation?: boolean;
  /** Events: created inside a community (then `ownerId`, `isMember`, `isManager`, `archived` are the community's). */
  inCommunity?: boolean;
}

/** True for an active (not suspended) account of at least `role`. */
function hasRole(user: SessionUser | null, role: Role): boolean {
  return !!user && !user.suspended && ROLE_RANK[user.role] >= ROLE_RANK[role];
}

/** True when `user` (null = anonymous) may perform `action` on `resource`. */
export function can(user: SessionUser | null, action: Action, resource: Resource = {}): boolean {
  const active = !!user && !user.suspended;
  const isAuthor = active && resource.authorId !== undefined && resource.authorId === user!.id;
  const isModerator = hasRole(user, 'moderator');
  const isNoteAuthor = active && resource.noteAuthorId !== undefined && resource.noteAuthorId === user!.id;
  const outranks = active && ROLE_RANK[user!.role] > ROLE_RANK[resource.ownerRole ?? 'admin'];
  const isCommunityOwner = active && resource.ownerId !== undefined && resource.ownerId === user!.id;
  const managesCommunity = isCommunityOwner || (active && !!resource.isManager);
  switch (action) {
    case 'note:read':
      if (resource.deleted) return false;
      if (resource.hidden) return isModerator || isAuthor;
      return resource.status === 'published' || isAuthor;
    case 'comment:read':
      if (resource.deleted) return false;
      if (resource.pending) return isModerator || isAuthor;
      if (resource.hidden) return isModerator || isNoteAuthor;
      return true;
    case 'note:create':
    case 'comment:create':
    case 'upload:create':
      return active;
    case 'note:edit':
    case 'comment:edit':
      return isAuthor && !resource.deleted;
    case 'upload:delete':
      return isAuthor || isModerator;
    case 'upload:read-withheld':
      // Files of content a moderator hid: still there for their owner and the moderators.
      return isAuthor || isModerator;
    case 'note:delete':
    case 'comment:delete':
      return (isAuthor || isModerator) && !resource.deleted;
    case 'note:undelete':
    case 'comment:undelete':
      return !!resource.deleted && (isModerator || (isAuthor && resource.deletedById === user!.id));
    case 'note:hide':
    case 'comment:approve':
      return isModerator && !resource.deleted;
    case 'comment:hide':
      // A pending comment is the moderators' call: hiding then restoring it must not skip approval.
      return (isModerator || (isNoteAuthor && !resource.pending)) && !resource.deleted;
    case 'comment:restore':
      // Moderation decisions stick: the note's author may undo only their own hiding.
      return (isModerator || (isNoteAuthor && !resource.pending && !resource.hiddenByModerator)) && !resource.deleted;
    case 'note:report':
    case 'comment:report':
      return active && !isAuthor && !resource.deleted;
    case 'comment:skip-approval':
      return hasRole(user, 'organiser');
    case 'question:accept':
      // The asker chooses the answer that helped; a moderator may do it for them (issue 26).
      return isAuthor || isModerator;
    case 'asset:create':
    case 'asset:edit':
    case 'asset:apply':
      // A community's knowledge assets are its members' wiki; archived communities are read-only.
      return active && (!!resource.isMember || isCommunityOwner) && !resource.archived;
    case 'asset:undo':
      return isModerator || (managesCommunity && !resource.archived);
    case 'report:km':
      // The KM report: admins for the whole site, a community's owner and managers for theirs.
      return hasRole(user, 'admin') || managesCommunity;
    case 'aar:create':
      // Anyone who took part may write an AAR, not only organisers (issue 14).
      return active;
    case 'profile:edit':
      return isAuthor;
    case 'user:suspend':
      return isModerator && !isAuthor && outranks;
    case 'user:set-role':
      return hasRole(user, 'admin') && !isAuthor;
    case 'community:create':
    case 'follow':
    case 'bookmark':
    case 'series:create':
      return active;
    case 'appreciate':
      // Thanks are for someone else's work.
      return active && !isAuthor;
    case 'series:edit':
      return isAuthor;
    case 'community:file-note':
      // Only the note's author files it, and only into a community they belong to.
      return isAuthor && !!resource.isMember && !resource.deleted && !resource.archived;
    case 'community:remove-note':
      // Archived communities are read-only, except for site moderators.
      return isModerator || (!resource.archived && (managesCommunity || isAuthor));
    case 'community:edit':
      // Rename, describe, join policy, managers, archive, hand over: the owner (or a site admin). Allowed while archived, to un-archive.
      return isCommunityOwner || hasRole(user, 'admin');
    case 'community:manage':
      // Approve members, pin notes, invite: the owner and the managers, while not archived.
      return managesCommunity && !resource.archived;
    case 'community:join':
      // Joining again is a no-op for members (and the owner), whatever the policy.
      if (active && (isCommunityOwner || !!resource.isMember)) return true;
      return (
        active && !resource.archived && (resource.joinPolicy === 'open' || resource.joinPolicy === undefined || !!resource.hasInvitation)
      );
    case 'community:request-join':
      return active && !resource.archived && resource.joinPolicy === 'request';
    case 'event:create':
      return active && (!resource.inCommunity || (!!resource.isMember && !resource.archived));
    case 'event:edit':
      // The event's creator, the managers of its community, or a site moderator.
      return isModerator || (active && !resource.archived && (isAuthor || (!!resource.inCommunity && managesCommunity)));
    case 'event:attend':
      return active;
    case 'moderate':
      return isModerator;
    case 'audit:read':
    case 'mail:read-outbox':
    case 'admin':
      return hasRole(user, 'admin');
  }
}
