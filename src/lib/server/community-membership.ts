/**
 * Joining a community under its join policy: open (join at once), request (a manager approves or
 * declines; the requester is told), or invite (only with a valid invitation). Invitations go to a
 * member by username or as a link that expires after INVITATION_TTL_MS, can be revoked, and counts
 * its uses. Only a SHA-256 of a link's token is stored, as for password-reset links.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { communityFollows, communityInvitations, communityJoinRequests, communityMembers, users } from '~db/schema.ts';
import { DAY_MS } from '../time.ts';
import { writeAudit } from './audit.ts';
import { communityResource, listManagerIds } from './community-access.ts';
import { forgetCommunityIndex, isMember, type CommunityRow } from './community.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { invitationLinkPath } from './invitation-link.ts';
import { notifyAboutCommunity } from './notification.ts';
import { can } from './permissions.ts';
import { RATE_LIMITS, enforceRateLimit, enforceReactionLimit } from './rate-limit.ts';
import { absoluteUrl } from './site.ts';
import type { SessionUser } from './user.ts';

const INVITATION_TTL_MS = 7 * DAY_MS;
export type MembershipStatus = 'member' | 'requested';

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
const INVALID_INVITATION = 'ลิงก์เชิญนี้ใช้ไปแล้ว หมดอายุ ถูกยกเลิก หรือไม่ถูกต้อง กรุณาขอลิงก์ใหม่จากผู้ดูแลชุมชน';

type InvitationRow = typeof communityInvitations.$inferSelect;

/** A usable invitation of `user` to the community: by link token, else one sent to their username. */
function findInvitation(community: CommunityRow, userId: number, token: string | undefined, now: Date): InvitationRow | undefined {
  const usable = and(
    eq(communityInvitations.communityId, community.id),
    isNull(communityInvitations.revokedAt),
    gt(communityInvitations.expiresAt, now),
  );
  if (token) {
    // A link sent to one person works only for them, once (issue 21: it let them rejoin after
    // leaving); an open link for anyone who holds it.
    return getDb()
      .select()
      .from(communityInvitations)
      .where(
        and(
          usable,
          eq(communityInvitations.tokenHash, hashToken(token)),
          or(isNull(communityInvitations.inviteeId), and(eq(communityInvitations.inviteeId, userId), eq(communityInvitations.useCount, 0))),
        ),
      )
      .get();
  }
  return getDb()
    .select()
    .from(communityInvitations)
    .where(and(usable, eq(communityInvitations.inviteeId, userId), eq(communityInvitations.useCount, 0)))
    .get();
}

/** True when the user holds an unused invitation by username (the community page offers to accept it). */
export function hasInvitation(userId: number | undefined, community: CommunityRow): boolean {
  return userId !== undefined && !!findInvitation(community, userId, undefined, new Date());
}

/** Adds the user as a member and follower; clears any request. Call inside a transaction. */
function addMember(communityId: number, userId: number): void {
  const db = getDb();
  db.insert(communityMembers).values({ communityId, userId }).onConflictDoNothing().run();
  db.insert(communityFollows).values({ communityId, followerId: userId }).onConflictDoNothing().run();
  db.delete(communityJoinRequests)
    .where(and(eq(communityJoinRequests.communityId, communityId), eq(communityJoinRequests.userId, userId)))
    .run();
}

/**
 * Joins the community if its policy (or an invitation) allows, otherwise files a request when the
 * policy is 'request'. A link's token that does not work is refused (403) rather than ignored.
 */
export function joinCommunity(user: SessionUser | null, community: CommunityRow, token?: string): MembershipStatus {
  if (!user) throw needLogin();
  if (isMember(user.id, community.id)) return 'member';
  enforceReactionLimit(user.id);
  const now = new Date();
  const invitation = findInvitation(community, user.id, token, now);
  if (token && !invitation) throw forbidden(INVALID_INVITATION);
  const resource = communityResource(user.id, community, { hasInvitation: !!invitation });
  const db = getDb();
  forgetCommunityIndex();
  if (can(user, 'community:join', resource)) {
    writeTransaction(() => {
      // Spent under the write lock: of two joins racing on one personal invitation, one gets it.
      if (invitation) {
        const spent = db
          .update(communityInvitations)
          .set({ useCount: sql`${communityInvitations.useCount} + 1` })
          .where(
            and(
              eq(communityInvitations.id, invitation.id),
              or(isNull(communityInvitations.inviteeId), eq(communityInvitations.useCount, 0)),
            ),
          )
          .run();
        if (spent.changes === 0) throw forbidden(INVALID_INVITATION);
      }
      addMember(community.id, user.id);
    });
    return 'member';
  }
  if (can(user, 'community:request-join', resource)) {
    if (!hasPendingRequest(user.id, community.id)) enforceRateLimit(`join-request:user:${user.id}`, RATE_LIMITS.joinRequestPerUser);
    writeTransaction(() => {
      const added = db.insert(communityJoinRequests).values({ communityId: community.id, userId: user.id }).onConflictDoNothing().run();
      if (added.changes > 0) notifyAboutCommunity('join-request', listManagerIds(community), user.id, community.id);
    });
    return 'requested';
  }
  if (community.archivedAt) throw forbidden('ชุมชนนี้ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว) จึงรับสมาชิกใหม่ไม่ได้');
  if (community.joinPolicy === 'invite') throw forbidden('ชุมชนนี้รับเฉพาะผู้ได้รับเชิญ กรุณาขอคำเชิญหรือลิงก์เชิญจากผู้ดูแลชุมชน');
  throw forbidden('บัญชีของคุณเข้าร่วมชุมชนไม่ได้ในขณะนี้');
}

/** True while the user's request to join waits for a manager. */
export function hasPendingRequest(userId: number | undefined, communityId: number): boolean {
  if (userId === undefined) return false;
  return !!getDb()
    .select({ u: communityJoinRequests.userId })
    .from(communityJoinRequests)
    .where(and(eq(communityJoinRequests.communityId, communityId), eq(communityJoinRequests.userId, userId)))
    .get();
}

function requireManager(user: SessionUser | null, community: CommunityRow): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'community:manage', communityResource(user.id, community))) {
    throw forbidden(community.archivedAt ? 'ชุมชนนี้ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว)' : 'ทำได้เฉพาะเจ้าของและผู้ดูแลชุมชน');
  }
  return user;
}

function requireUserByUsername(username: string): { id: number; username: string } {
  const row = getDb().select({ id: users.id, username: users.username }).from(users).where(eq(users.username, username)).get();
  if (!row) throw new DomainError(404, `ไม่พบสมาชิกชื่อผู้ใช้ "${username}" กรุณาตรวจสอบการสะกด`, { username: 'ไม่พบสมาชิกชื่อผู้ใช้นี้' });
  return row;
}

export interface JoinRequestView {
  username: string;
  displayName: string;
  requestedAt: Date;
}

/** Requests waiting for a manager, oldest first. */
export function listJoinRequests(communityId: number): JoinRequestView[] {
  return getDb()
    .select({ username: users.username, displayName: users.displayName, requestedAt: communityJoinRequests.createdAt })
    .from(communityJoinRequests)
    .innerJoin(users, eq(users.id, communityJoinRequests.userId))
    .where(eq(communityJoinRequests.communityId, communityId))
    .orderBy(communityJoinRequests.createdAt)
    .all();
}

/** A manager approves or declines a request; the requester is told either way. */
export function decideJoinRequest(
  actor: SessionUser | null,
  community: CommunityRow,
  username: string,
  decision: 'approve' | 'decline',
): void {
  const user = requireManager(actor, community);
  const requester = requireUserByUsername(username);
  const db = getDb();
  forgetCommunityIndex();
  writeTransaction(() => {
    const removed = db
      .delete(communityJoinRequests)
      .where(and(eq(communityJoinRequests.communityId, community.id), eq(communityJoinRequests.userId, requester.id)))
      .run();
    if (removed.changes === 0) throw notFound('คำขอเข้าร่วมนี้ (อาจได้รับการพิจารณาไปแล้ว)');
    if (decision === 'approve') addMember(community.id, requester.id);
    notifyAboutCommunity(decision === 'approve' ? 'join-approved' : 'join-declined', [requester.id], user.id, community.id);
    writeAudit({
      actorId: user.id,
      action: decision === 'approve' ? 'community:approve-member' : 'community:decline-member',
      targetType: 'community',
      targetId: community.id,
      detail: `@${requester.username}`,
    });
  });
}

export interface CreatedInvitation {
  id: number;
  url: string;
  token: string;
  expiresAt: Date;
}

/** A manager invites a member by username (they are notified), or makes a link (no username). */
export function createInvitation(
  actor: SessionUser | null,
  community: CommunityRow,
  username?: string,
  now = new Date(),
): CreatedInvitation {
  const user = requireManager(actor, community);
  const invitee = username ? requireUserByUsername(username) : undefined;
  if (invitee && isMember(invitee.id, community.id))
    throw new DomainError(409, `@${invitee.username} เป็นสมาชิกชุมชนนี้อยู่แล้ว`, { username: 'เป็นสมาชิกอยู่แล้ว' });
  enforceRateLimit(`invitation:user:${user.id}`, RATE_LIMITS.invitationPerUser);
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const db = getDb();
  const id = writeTransaction(() => {
    const row = db
      .insert(communityInvitations)
      .values({
        communityId: community.id,
        tokenHash: hashToken(token),
        inviteeId: invitee?.id ?? null,
        createdById: user.id,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: communityInvitations.id })
      .get();
    if (invitee) notifyAboutCommunity('community-invitation', [invitee.id], user.id, community.id);
    writeAudit({
      actorId: user.id,
      action: 'community:invite',
      targetType: 'community',
      targetId: community.id,
      detail: invitee ? `@${invitee.username}` : `ลิงก์เชิญ #${row.id}`,
    });
    return row.id;
  });
  return { id, token, expiresAt, url: absoluteUrl(invitationLinkPath(token)) };
}

/** A manager revokes an invitation; its link stops working at once. */
export function revokeInvitation(actor: SessionUser | null, community: CommunityRow, invitationId: number): void {
  const user = requireManager(actor, community);
  const db = getDb();
  writeTransaction(() => {
    const result = db
      .update(communityInvitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(communityInvitations.id, invitationId),
          eq(communityInvitations.communityId, community.id),
          isNull(communityInvitations.revokedAt),
        ),
      )
      .run();
    if (result.changes === 0) throw notFound('คำเชิญนี้ (อาจถูกยกเลิกไปแล้ว)');
    writeAudit({
      actorId: user.id,
      action: 'community:revoke-invitation',
      targetType: 'community',
      targetId: community.id,
      detail: `คำเชิญ #${invitationId}`,
    });
  });
}

export interface InvitationView {
  id: number;
  invitee: string | null;
  expiresAt: Date;
  revoked: boolean;
  expired: boolean;
  useCount: number;
  createdAt: Date;
}

/** The community's invitations, newest first (managers' page). */
export function listInvitations(communityId: number, now = new Date(), limit = 50): InvitationView[] {
  return getDb()
    .select({ inv: communityInvitations, invitee: users.username })
    .from(communityInvitations)
    .leftJoin(users, eq(users.id, communityInvitations.inviteeId))
    .where(eq(communityInvitations.communityId, communityId))
    .orderBy(desc(communityInvitations.id))
    .limit(limit)
    .all()
    .map(({ inv, invitee }) => ({
      id: inv.id,
      invitee,
      expiresAt: inv.expiresAt,
      revoked: inv.revokedAt != null,
      expired: inv.expiresAt <= now,
      useCount: inv.useCount,
      createdAt: inv.createdAt,
    }));
}
