/**
 * Following people and communities, and "my feed": the new public notes of the people and
 * communities someone follows, newest first.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { communityFollows, notes, userFollows } from '~db/schema.ts';
import { DomainError, forbidden, needLogin } from './errors.ts';
import { isPublicNote, NOTES_PER_PAGE, pageOf, type NoteSummary, type Page } from './note.ts';
import type { ListPosition } from '../list-position.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';
import { enforceReactionLimit } from './rate-limit.ts';

function requireFollower(user: SessionUser | null): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'follow')) throw forbidden('บัญชีของคุณติดตามผู้อื่นไม่ได้ในขณะนี้');
  return user;
}

/** Follows or unfollows a person (idempotent); nobody follows themself. */
export function setFollowingUser(user: SessionUser | null, followeeId: number, follow: boolean): void {
  const follower = requireFollower(user);
  if (followeeId === follower.id) throw new DomainError(400, 'ติดตามตนเองไม่ได้');
  enforceReactionLimit(follower.id);
  const db = getDb();
  if (follow) db.insert(userFollows).values({ followerId: follower.id, followeeId }).onConflictDoNothing().run();
  else
    db.delete(userFollows)
      .where(and(eq(userFollows.followerId, follower.id), eq(userFollows.followeeId, followeeId)))
      .run();
}

/** Follows or unfollows a community (idempotent). */
export function setFollowingCommunity(user: SessionUser | null, communityId: number, follow: boolean): void {
  const follower = requireFollower(user);
  enforceReactionLimit(follower.id);
  const db = getDb();
  if (follow) db.insert(communityFollows).values({ followerId: follower.id, communityId }).onConflictDoNothing().run();
  else
    db.delete(communityFollows)
      .where(and(eq(communityFollows.followerId, follower.id), eq(communityFollows.communityId, communityId)))
      .run();
}

export function isFollowingUser(followerId: number | undefined, followeeId: number): boolean {
  if (followerId === undefined) return false;
  return !!getDb()
    .select({ f: userFollows.followerId })
    .from(userFollows)
    .where(and(eq(userFollows.followerId, followerId), eq(userFollows.followeeId, followeeId)))
    .get();
}

export function isFollowingCommunity(followerId: number | undefined, communityId: number): boolean {
  if (followerId === undefined) return false;
  return !!getDb()
    .select({ f: communityFollows.followerId })
    .from(communityFollows)
    .where(and(eq(communityFollows.followerId, followerId), eq(communityFollows.communityId, communityId)))
    .get();
}

export function countFollowers(userId: number): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(userFollows)
      .where(eq(userFollows.followeeId, userId))
      .get()?.n ?? 0
  );
}

/** New public notes by followed people or filed in followed communities, newest first. */
export function listFeed(userId: number, position: ListPosition | number = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  const followed = or(
    sql`${notes.authorId} IN (SELECT followee_id FROM user_follows WHERE follower_id = ${userId})`,
    sql`${notes.id} IN (SELECT cn.note_id FROM community_notes cn JOIN community_follows cf ON cf.community_id = cn.community_id WHERE cf.follower_id = ${userId})`,
  );
  return pageOf(and(isPublicNote, followed)!, position, perPage);
}
