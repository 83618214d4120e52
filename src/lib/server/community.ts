/**
 * Communities of practice (ชุมชนนักปฏิบัติ / แพลนเน็ต): any member starts one and owns it; members
 * join (see community-membership.ts for join policies and invitations) and leave; a note's author
 * files it into communities they belong to; a manager (or a moderator, or the author) takes a note
 * out again. Joining also follows; leaving unfollows. Managing: community-admin.ts.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { communities, communityFollows, communityMembers, communityNotes, notes, users } from '~db/schema.ts';
import type { CommunityInput } from '../community-validation.ts';
import { communityCover, type CommunityCover } from '../community-cover.ts';
import { slugify } from '../text.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { writeAudit } from './audit.ts';
import { communityResource } from './community-access.ts';
import { getNoteRow, getNoteSummaries, isPublicNote, NOTES_PER_PAGE, pageOf, type NoteSummary, type Page } from './note.ts';
import type { ListPosition } from '../list-position.ts';
import { can } from './permissions.ts';
import { mayKnowNote } from './note-visibility.ts';
import { enforceRateLimit, enforceReactionLimit } from './rate-limit.ts';
import { HOUR_MS } from '../time.ts';
import type { SessionUser } from './user.ts';
import { communityIndex } from './caches.ts';

export type CommunityRow = typeof communities.$inferSelect;
export interface CommunitySummary {
  id: number;
  slug: string;
  name: string;
  description: string;
  joinPolicy: 'open' | 'request' | 'invite';
  archived: boolean;
  memberCount: number;
  noteCount: number;
  createdAt: Date;
  /** The cover photo (with alt text), or null. */
  cover: CommunityCover | null;
}
export interface CommunityMember {
  id: number;
  username: string;
  displayName: string;
  joinedAt: Date;
  role: 'member' | 'manager';
}

const COMMUNITY_CREATE_LIMIT = { capacity: 5, refillMs: 24 * HOUR_MS };
const MAX_SLUG_SUFFIX = 100;
const COMMUNITY_NAME_TAKEN = 'มีชุมชนชื่อนี้แล้ว เข้าร่วมชุมชนเดิมหรือตั้งชื่ออื่น';

/** Path of a community page; slugs may hold Thai letters. */
export const communityPath = (slug: string) => `/communities/${encodeURIComponent(slug)}`;

function uniqueSlug(name: string): string {
  const base = slugify(name) || 'community';
  for (let n = 1; n <= MAX_SLUG_SUFFIX; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!getDb().select({ id: communities.id }).from(communities).where(eq(communities.slug, slug)).get()) return slug;
  }
  throw new DomainError(409, 'มีชุมชนชื่อคล้ายกันมากเกินไป กรุณาตั้งชื่ออื่น', { name: 'มีชุมชนชื่อคล้ายกันมากเกินไป กรุณาตั้งชื่ออื่น' });
}

/** Forgets this process's cached community index (after any change to communities or members; caches.ts). */
export function forgetCommunityIndex(): void {
  communityIndex.clear();
}

/** Creates a community owned (and joined, and followed) by `user`. */
export function createCommunity(user: SessionUser | null, input: CommunityInput): CommunityRow {
  forgetCommunityIndex(); // this process shows its own change at once; other workers within a minute
  if (!user) throw needLogin();
  if (!can(user, 'community:create')) throw forbidden('บัญชีของคุณสร้างชุมชนไม่ได้ในขณะนี้');
  const db = getDb();
  const taken = () => db.select({ id: communities.id }).from(communities).where(eq(communities.name, input.name)).get();
  if (taken()) throw new DomainError(409, COMMUNITY_NAME_TAKEN, { name: COMMUNITY_NAME_TAKEN });
  enforceRateLimit(`community:user:${user.id}`, COMMUNITY_CREATE_LIMIT);
  // Checked again under the write lock: two people may send the same name at the same moment.
  return writeTransaction(
    () => {
      if (taken()) throw new DomainError(409, COMMUNITY_NAME_TAKEN, { name: COMMUNITY_NAME_TAKEN });
      const row = db
        .insert(communities)
        .values({
          slug: uniqueSlug(input.name),
          name: input.name,
          description: input.description,
          joinPolicy: input.joinPolicy,
          ownerId: user.id,
        })
        .returning()
        .get();
      db.insert(communityMembers).values({ communityId: row.id, userId: user.id, role: 'manager' }).run();
      writeAudit({
        actorId: user.id,
        action: 'community:create',
        targetType: 'community',
        targetId: row.id,
        detail: `${row.name} (${row.joinPolicy})`,
      });
      db.insert(communityFollows).values({ communityId: row.id, followerId: user.id }).run();
      return row;
    },
    { conflict: COMMUNITY_NAME_TAKEN, field: 'name' },
  );
}

export function getCommunityBySlug(slug: string): CommunityRow | undefined {
  return getDb().select().from(communities).where(eq(communities.slug, slug)).get();
}

/** The community, or a 404 in Thai. */
export function requireCommunity(slug: string): CommunityRow {
  const row = getCommunityBySlug(slug);
  if (!row) throw notFound('ชุมชนนี้');
  return row;
}

export function isMember(userId: number | undefined, communityId: number): boolean {
  if (userId === undefined) return false;
  return !!getDb()
    .select({ u: communityMembers.userId })
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
    .get();
}

/** Leaves and unfollows; the owner cannot leave before handing the community over (409). */
export function leaveCommunity(user: SessionUser | null, community: CommunityRow): void {
  forgetCommunityIndex(); // this process shows its own change at once; other workers within a minute
  if (!user) throw needLogin();
  if (community.ownerId === user.id) throw new DomainError(409, 'เจ้าของชุมชนออกจากชุมชนไม่ได้ ส่งมอบชุมชนให้สมาชิกคนอื่นก่อน (หน้าจัดการชุมชน) แล้วจึงออก');
  writeTransaction(() => {
    getDb()
      .delete(communityMembers)
      .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.userId, user.id)))
      .run();
    getDb()
      .delete(communityFollows)
      .where(and(eq(communityFollows.communityId, community.id), eq(communityFollows.followerId, user.id)))
      .run();
  });
}

/** Files a note into a community: only its author, only as a member, never a deleted note. Idempotent. */
export function fileNote(user: SessionUser | null, community: CommunityRow, noteId: number): void {
  forgetCommunityIndex(); // this process shows its own change at once; other workers within a minute
  if (!user) throw needLogin();
  const note = getNoteRow(noteId);
  // Someone else's note they may not read is as missing as one that never was (issue 21).
  if (!note || !mayKnowNote(user, noteId)) throw notFound('บันทึกนี้');
  if (note.deletedAt) throw gone('บันทึกนี้ถูกลบแล้ว');
  if (!can(user, 'note:edit', { authorId: note.authorId })) throw forbidden('ส่งเข้าชุมชนได้เฉพาะบันทึกของตนเอง');
  if (community.archivedAt) throw forbidden(`ชุมชน "${community.name}" ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว) จึงส่งบันทึกเข้าไม่ได้`);
  if (!can(user, 'community:file-note', { authorId: note.authorId, isMember: isMember(user.id, community.id) })) {
    throw forbidden(`เข้าร่วมชุมชน "${community.name}" ก่อน จึงจะส่งบันทึกเข้าชุมชนได้`);
  }
  enforceReactionLimit(user.id);
  getDb().insert(communityNotes).values({ communityId: community.id, noteId, addedById: user.id }).onConflictDoNothing().run();
  emitContentChange({ type: 'note', noteId, action: 'updated' });
}

/** Takes a note out of a community: its owner or a manager, the note's author, or a moderator. */
export function removeNoteFromCommunity(user: SessionUser | null, community: CommunityRow, noteId: number): void {
  forgetCommunityIndex(); // this process shows its own change at once; other workers within a minute
  if (!user) throw needLogin();
  const note = getNoteRow(noteId);
  if (!note) throw notFound('บันทึกนี้');
  if (!can(user, 'community:remove-note', communityResource(user.id, community, { authorId: note.authorId }))) {
    throw forbidden(community.archivedAt ? 'ชุมชนนี้ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว)' : 'นำบันทึกออกจากชุมชนได้เฉพาะผู้ดูแลชุมชน ผู้เขียน หรือผู้ดูแลระบบ');
  }
  writeTransaction(() => {
    const result = getDb()
      .delete(communityNotes)
      .where(and(eq(communityNotes.communityId, community.id), eq(communityNotes.noteId, noteId)))
      .run();
    if (result.changes === 0) throw notFound('บันทึกนี้ในชุมชน');
    writeAudit({
      actorId: user.id,
      action: 'community:remove-note',
      targetType: 'community',
      targetId: community.id,
      detail: `บันทึก #${noteId} ${note.title}`,
    });
  });
  emitContentChange({ type: 'note', noteId, action: 'updated' });
}

/** Public notes of a community, newest first. */
export function listCommunityNotes(communityId: number, position: ListPosition | number = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  return pageOf(
    and(isPublicNote, sql`${notes.id} IN (SELECT note_id FROM community_notes WHERE community_id = ${communityId})`)!,
    position,
    perPage,
  );
}

/** Pinned public notes of a community, most recently pinned first (at most MAX_PINNED_NOTES). */
export function listPinnedNotes(communityId: number): NoteSummary[] {
  const ids = getDb()
    .select({ id: communityNotes.noteId })
    .from(communityNotes)
    .innerJoin(notes, eq(notes.id, communityNotes.noteId))
    .where(and(eq(communityNotes.communityId, communityId), isNotNull(communityNotes.pinnedAt), isPublicNote))
    .orderBy(desc(communityNotes.pinnedAt))
    .all()
    .map((r) => r.id);
  return getNoteSummaries(ids);
}

/** Members, newest first. */
export function listMembers(communityId: number, limit = 100): CommunityMember[] {
  return getDb()
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      joinedAt: communityMembers.joinedAt,
      role: communityMembers.role,
    })
    .from(communityMembers)
    .innerJoin(users, eq(users.id, communityMembers.userId))
    .where(eq(communityMembers.communityId, communityId))
    .orderBy(desc(communityMembers.joinedAt), desc(users.id))
    .limit(limit)
    .all();
}

const summaryColumns = {
  id: communities.id,
  slug: communities.slug,
  name: communities.name,
  description: communities.description,
  createdAt: communities.createdAt,
  joinPolicy: communities.joinPolicy,
  archived: sql<boolean>`${communities.archivedAt} IS NOT NULL`.mapWith(Boolean),
  memberCount: sql<number>`(SELECT count(*) FROM community_members m WHERE m.community_id = ${communities.id})`,
  // The shared predicate, so a suspended author's notes leave the count as they leave the list. NOTE: the outer
  // id is spelled out: drizzle writes ${communities.id} as a bare "id", which here would mean notes.id.
  noteCount: sql<number>`(SELECT count(*) FROM community_notes cn JOIN notes ON notes.id = cn.note_id
    WHERE cn.community_id = communities.id AND ${isPublicNote})`,
  coverFile: sql<string | null>`(SELECT u.file_name FROM uploads u WHERE u.id = ${communities.coverUploadId})`,
  coverAlt: communities.coverAlt,
};

function toSummary({
  coverFile,
  coverAlt,
  ...row
}: { coverFile: string | null; coverAlt: string } & Omit<CommunitySummary, 'cover'>): CommunitySummary {
  return { ...row, cover: communityCover(coverFile, coverAlt, row.name) };
}

/** Every community, most members first. */
export function listCommunities(limit = 200): CommunitySummary[] {
  const cached = communityIndex.get(limit);
  if (cached) return cached;
  const rows = getDb()
    .select(summaryColumns)
    .from(communities)
    .orderBy(desc(summaryColumns.memberCount), desc(communities.id))
    .limit(limit)
    .all()
    .map(toSummary);
  communityIndex.set(limit, rows);
  return rows;
}

export function getCommunitySummary(communityId: number): CommunitySummary | undefined {
  const row = getDb().select(summaryColumns).from(communities).where(eq(communities.id, communityId)).get();
  return row && toSummary(row);
}

/** Communities a user belongs to (for the "file this note" form). */
export function listCommunitiesOfUser(userId: number): CommunityRow[] {
  return getDb()
    .select({ c: communities })
    .from(communityMembers)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .where(eq(communityMembers.userId, userId))
    .orderBy(communities.name)
    .all()
    .map((r) => r.c);
}

const communitiesOfNote = preparedQuery((db) =>
  db
    .select({ c: communities })
    .from(communityNotes)
    .innerJoin(communities, eq(communities.id, communityNotes.communityId))
    .where(eq(communityNotes.noteId, sql.placeholder('noteId')))
    .orderBy(communities.name)
    .prepare(),
);

/** Communities a note is filed in (asked on every note page view: prepared once). */
export function listCommunitiesOfNote(noteId: number): CommunityRow[] {
  return communitiesOfNote()
    .all({ noteId })
    .map((r) => r.c);
}

/** Communities whose name contains `text` (the search page: communities findable by name). */
export function findCommunitiesByName(text: string, limit = 10): CommunityRow[] {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return getDb()
    .select()
    .from(communities)
    .where(sql`${communities.name} LIKE ${pattern} ESCAPE '\\'`)
    .orderBy(communities.name)
    .limit(limit)
    .all();
}
