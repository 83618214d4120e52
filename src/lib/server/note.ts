/**
 * Notes (บันทึก): create, edit with revisions, soft delete, and the reads pages need.
 * Markdown is rendered and sanitised here, once per write; pages serve the stored HTML.
 */
import { AAR_FIELD_LABELS, NOTE_FIELD_LABELS, guardPersonalData, setPersonalDataFlag } from './personal-data-guard.ts';
import { and, desc, eq, inArray, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { getDb, preparedQuery } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { events, noteRevisions, notes, noteTags, users, type NoteKind } from '~db/schema.ts';
import { markdownToPlainText, renderNoteMarkdown } from '../markdown.ts';
import type { NoteInput, NotePatch } from '../validation.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { notifyAboutNoteMentions } from './notification.ts';
import { can } from './permissions.ts';
import { RATE_LIMITS, enforceEditRateLimit, enforceRateLimit } from './rate-limit.ts';
import { getTagsForNotes, setNoteTags, getTagId } from './tag.ts';
import { syncUploadRefs } from './upload/refs.ts';
import { staleEditError, type RevisionCheck } from './note-revision.ts';
import type { SessionUser } from './user.ts';
import { listOrder, readKeysetPage, type KeysetList, type Page } from './keyset-page.ts';
import type { ListPosition } from '../list-position.ts';

export const EXCERPT_CHARS = 240;
export const NOTES_PER_PAGE = 20;

export type NoteRow = typeof notes.$inferSelect;

interface NoteAuthor {
  id: number;
  username: string;
  displayName: string;
  /** The profile photo (src/lib/avatar.ts); loaded for the note page's byline only. */
  avatarUploadId?: string | null;
}

export interface NoteSummary {
  id: number;
  kind: NoteKind;
  title: string;
  excerpt: string;
  status: 'draft' | 'published';
  author: NoteAuthor;
  tags: string[];
  commentCount: number;
  publishedAt: Date | null;
  updatedAt: Date;
  lastCommentedAt: Date | null;
  /** A question's accepted answer (a comment id), or null: no answer accepted yet, or not a question. */
  acceptedAnswerId: number | null;
}

export interface NoteDetail extends NoteSummary {
  bodyHtml: string;
  bodyMarkdown: string;
  licence: string;
  createdAt: Date;
  viewCount: number;
  /** The event this note is about, or null. */
  eventId: number | null;
  deleted: boolean;
  hidden: boolean;
  /** The version of the author's text (ETag, If-Match, the edit form's baseRevision). */
  revision: number;
  /** The note whose newer text this draft conflicted with ("ฉบับจากเครื่องนี้"), or null. */
  conflictOf: number | null;
}

export type { Page };

/** The author of the note is not suspended (a suspended member's notes leave every public list). */
const authorActive: SQL = sql`NOT EXISTS (SELECT 1 FROM users AS suspended WHERE suspended.id = ${notes.authorId} AND suspended.suspended_at IS NOT NULL)`;

/** The public condition: published, not deleted, not hidden, by an author who is not suspended. */
export const isPublicNote: SQL = and(eq(notes.status, 'published'), isNull(notes.deletedAt), isNull(notes.hiddenAt), authorActive)!;

/** Refuses a link to an event that does not exist (400, so the form shows it beside the field). */
function checkEventId(eventId: number | null | undefined): void {
  if (eventId == null) return;
  if (!getDb().select({ id: events.id }).from(events).where(eq(events.id, eventId)).get()) {
    throw new DomainError(400, 'ไม่พบเวทีที่เลือก อาจถูกลบไปแล้ว กรุณาเลือกใหม่', { eventId: 'ไม่พบเวทีที่เลือก' });
  }
}

function renderFields(title: string, body: string) {
  return { title, bodyMarkdown: body, bodyHtml: renderNoteMarkdown(body), excerpt: markdownToPlainText(body, EXCERPT_CHARS) };
}

/**
 * Creates a note by `author`, rate-limited per account and per IP (drafts and AARs included: every
 * way to add a note comes through here); publishedAt is set when it is published.
 */
export function createNote(
  author: SessionUser | null,
  input: NoteInput,
  kind: NoteKind,
  clientIp: string,
  alsoInTransaction?: (id: number) => void,
): { id: number } {
  if (!author) throw needLogin();
  if (!can(author, 'note:create')) throw forbidden('บัญชีของคุณไม่สามารถเขียนบันทึกได้ในขณะนี้');
  enforceRateLimit(`note:user:${author.id}`, RATE_LIMITS.notePerUser);
  enforceRateLimit(`note:ip:${clientIp}`, RATE_LIMITS.notePerIp);
  checkEventId(input.eventId);
  const personalData = guardPersonalData(
    [
      { field: 'title', text: input.title },
      { field: 'body', text: input.body },
    ],
    kind === 'aar' ? AAR_FIELD_LABELS : NOTE_FIELD_LABELS,
    input.acknowledgePersonalData,
  );
  const now = new Date();
  const rendered = renderFields(input.title, input.body); // before the transaction: see createComment
  const id = writeTransaction(() => {
    const row = getDb()
      .insert(notes)
      .values({
        authorId: author.id,
        kind,
        ...rendered,
        licence: input.licence,
        status: input.status,
        eventId: input.eventId ?? null,
        publishedAt: input.status === 'published' ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: notes.id })
      .get();
    setNoteTags(row.id, input.tags);
    syncUploadRefs({ noteId: row.id }, input.body);
    setPersonalDataFlag('note', row.id, personalData, now);
    if (input.status === 'published') notifyAboutNoteMentions({ id: row.id, authorId: author.id, body: input.body });
    alsoInTransaction?.(row.id);
    return row.id;
  });
  emitContentChange({ type: 'note', noteId: id, action: 'created' });
  return { id };
}

const noteById = preparedQuery((db) =>
  db
    .select()
    .from(notes)
    .where(eq(notes.id, sql.placeholder('id')))
    .prepare(),
);
const authorById = preparedQuery((db) =>
  db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      avatarUploadId: users.avatarUploadId,
      suspendedAt: users.suspendedAt,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
);

/** Raw row, or undefined. */
export function getNoteRow(id: number): NoteRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return noteById().get({ id });
}

/**
 * The one reading rule of a note page, for getNoteForViewer and getNoteHeadForViewer: throws 410 for
 * a deleted note and 404 when `viewer` may not read it. A suspended member's note is hidden from
 * everyone but moderators, like a hidden note.
 */
function checkNoteReadable(
  viewer: SessionUser | null,
  row: { authorId: number; status: NoteRow['status']; deleted: boolean; hidden: boolean; authorSuspended: boolean },
): void {
  if (row.deleted) throw gone('บันทึกนี้ถูกลบแล้ว');
  const resource = { authorId: row.authorId, status: row.status, deleted: row.deleted, hidden: row.hidden || row.authorSuspended };
  if (!can(viewer, 'note:read', resource)) throw notFound('บันทึกนี้');
}

/** Loads a note for a viewer, or throws 404 (unknown, or a draft that is not theirs), 410 (deleted). */
export function getNoteForViewer(viewer: SessionUser | null, id: number): NoteDetail {
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  const { suspendedAt, ...author } = authorById().get({ id: row.authorId })!;
  checkNoteReadable(viewer, {
    authorId: row.authorId,
    status: row.status,
    deleted: row.deletedAt != null,
    hidden: row.hiddenAt != null,
    authorSuspended: suspendedAt != null,
  });
  return toDetail(row, author, getTagsForNotes([row.id]).get(row.id) ?? []);
}

/** What the signed-in fast path needs of a note (src/server/signed-in-note.ts): no body, no tags. */
export interface NoteHead {
  id: number;
  kind: NoteKind;
  status: NoteRow['status'];
  /** Hidden by a moderator (as NoteDetail.hidden: a suspended author's note is unreadable instead). */
  hidden: boolean;
  acceptedAnswerId: number | null;
  author: { id: number };
}

const noteHeadById = preparedQuery((db) =>
  db.$client.prepare<
    [number],
    {
      id: number;
      kind: NoteKind;
      status: NoteRow['status'];
      authorId: number;
      acceptedAnswerId: number | null;
      deleted: 0 | 1;
      hidden: 0 | 1;
      authorSuspended: 0 | 1;
    }
  >(
    `SELECT n.id, n.kind, n.status, n.author_id AS authorId, n.accepted_answer_id AS acceptedAnswerId,
            n.deleted_at IS NOT NULL AS deleted, n.hidden_at IS NOT NULL AS hidden, u.suspended_at IS NOT NULL AS authorSuspended
       FROM notes n JOIN users u ON u.id = n.author_id WHERE n.id = ?`,
  ),
);

/**
 * The few columns of a note the personal parts of its page use, under the same rule as
 * getNoteForViewer (throws 404/410 alike). Reading the whole note (its ~20 KB body and Markdown,
 * its tags) took 18% of a signed-in note view's CPU (decision 2701); this is one small row.
 */
export function getNoteHeadForViewer(viewer: SessionUser | null, id: number): NoteHead {
  const row = Number.isSafeInteger(id) && id > 0 ? noteHeadById().get(id) : undefined;
  if (!row) throw notFound('บันทึกนี้');
  checkNoteReadable(viewer, {
    authorId: row.authorId,
    status: row.status,
    deleted: row.deleted === 1,
    hidden: row.hidden === 1,
    authorSuspended: row.authorSuspended === 1,
  });
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    hidden: row.hidden === 1,
    acceptedAnswerId: row.acceptedAnswerId,
    author: { id: row.authorId },
  };
}

function toDetail(row: NoteRow, author: NoteAuthor, tagNames: string[]): NoteDetail {
  return {
    ...toSummary(row, author, tagNames),
    bodyHtml: row.bodyHtml,
    bodyMarkdown: row.bodyMarkdown,
    licence: row.licence,
    createdAt: row.createdAt,
    viewCount: row.viewCount,
    eventId: row.eventId,
    deleted: row.deletedAt != null,
    hidden: row.hiddenAt != null,
    revision: row.revision,
    conflictOf: row.conflictOfId,
  };
}

function toSummary(
  row: Pick<
    NoteRow,
    'id' | 'kind' | 'title' | 'excerpt' | 'status' | 'commentCount' | 'publishedAt' | 'updatedAt' | 'lastCommentedAt' | 'acceptedAnswerId'
  >,
  author: NoteAuthor,
  tagNames: string[],
): NoteSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status,
    author,
    tags: tagNames,
    commentCount: row.commentCount,
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
    lastCommentedAt: row.lastCommentedAt,
    acceptedAnswerId: row.acceptedAnswerId,
  };
}

/** Loads a note the user may edit, or throws the honest error. */
function getEditableNote(user: SessionUser | null, id: number): NoteRow {
  if (!user) throw needLogin();
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  if (row.deletedAt) throw gone('บันทึกนี้ถูกลบแล้ว');
  if (!can(user, 'note:edit', { authorId: row.authorId })) throw forbidden('แก้ไขได้เฉพาะบันทึกของตนเอง');
  return row;
}

/**
 * Applies an edit by the author, keeping the previous state as a revision; rate-limited per account and
 * per IP (each edit renders the body again). `alsoInTransaction` writes more rows in the same transaction
 * (an AAR's fields), after the render: the render never runs while the write lock is held.
 * `ifRevision` (from If-Match or the form's baseRevision) is checked inside the write transaction:
 * when the note moved on, nothing is written and a 412 carries its current text (note-revision.ts).
 */
export function updateNote(
  user: SessionUser | null,
  id: number,
  patch: NotePatch,
  clientIp: string,
  alsoInTransaction?: () => void,
  ifRevision?: RevisionCheck,
): { revision: number } {
  const row = getEditableNote(user, id);
  if (ifRevision && !ifRevision(row.revision)) throw staleEditError(row); // before the rate limit and the render
  if (Object.values(patch).every((v) => v === undefined))
    throw new DomainError(400, 'ไม่มีข้อมูลที่จะแก้ไข กรุณาระบุอย่างน้อยหนึ่งช่อง เช่น title หรือ body');
  enforceEditRateLimit(user!, clientIp);
  checkEventId(patch.eventId);
  const now = new Date();
  const title = patch.title ?? row.title;
  const body = patch.body ?? row.bodyMarkdown;
  const textChanged = patch.title !== undefined || patch.body !== undefined;
  const personalData = textChanged
    ? guardPersonalData(
        [
          { field: 'title', text: title },
          { field: 'body', text: body },
        ],
        row.kind === 'aar' ? AAR_FIELD_LABELS : NOTE_FIELD_LABELS,
        patch.acknowledgePersonalData,
      )
    : [];
  const status = patch.status ?? row.status;
  const rendered = patch.title !== undefined || patch.body !== undefined ? renderFields(title, body) : {};
  const revision = writeTransaction(() => {
    // Checked again under the write lock: another worker may have saved since the first look.
    const latest = getNoteRow(id)!;
    if (ifRevision && !ifRevision(latest.revision)) throw staleEditError(latest);
    const previousTags = getTagsForNotes([id]).get(id) ?? [];
    getDb()
      .insert(noteRevisions)
      .values({
        noteId: id,
        editorId: user!.id,
        title: row.title,
        bodyMarkdown: row.bodyMarkdown,
        tags: previousTags.join(','),
        licence: row.licence,
        wasPublic: row.status === 'published' && row.hiddenAt == null,
        createdAt: now,
      })
      .run();
    getDb()
      .update(notes)
      .set({
        ...rendered,
        licence: patch.licence ?? row.licence,
        status,
        ...(patch.eventId !== undefined ? { eventId: patch.eventId } : {}),
        publishedAt: row.publishedAt ?? (status === 'published' ? now : null),
        updatedAt: now,
        revision: latest.revision + 1,
      })
      .where(eq(notes.id, id))
      .run();
    if (patch.tags !== undefined) setNoteTags(id, patch.tags);
    if (patch.body !== undefined) syncUploadRefs({ noteId: id }, body);
    if (textChanged) setPersonalDataFlag('note', id, personalData, now);
    // A note's mentions notify once, when it is first published (like comments, edits do not).
    if (!row.publishedAt && status === 'published') notifyAboutNoteMentions({ id, authorId: row.authorId, body });
    alsoInTransaction?.();
    return latest.revision + 1;
  });
  emitContentChange({ type: 'note', noteId: id, action: 'updated' });
  return { revision };
}

/** Soft-deletes a note (author or moderator); its page then answers 410. */
export function deleteNote(user: SessionUser | null, id: number): void {
  if (!user) throw needLogin();
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  if (row.deletedAt) throw gone('บันทึกนี้ถูกลบไปแล้ว');
  if (!can(user, 'note:delete', { authorId: row.authorId })) throw forbidden('ลบได้เฉพาะบันทึกของตนเอง');
  getDb().update(notes).set({ deletedAt: new Date(), deletedById: user.id }).where(eq(notes.id, id)).run();
  emitContentChange({ type: 'note', noteId: id, action: 'deleted' });
}

/** A deleted note `user` may still bring back, for the "เลิกทำ" notice after a delete. */
export function getUndoableNote(user: SessionUser | null, id: number): { id: number; title: string } | undefined {
  const row = Number.isSafeInteger(id) ? getNoteRow(id) : undefined;
  if (!row?.deletedAt || !can(user, 'note:undelete', { authorId: row.authorId, deleted: true, deletedById: row.deletedById }))
    return undefined;
  return { id: row.id, title: row.title };
}

/** Undoes a delete ("เลิกทำ"): the author their own delete, a moderator any. */
export function undeleteNote(user: SessionUser | null, id: number): void {
  if (!user) throw needLogin();
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  if (!row.deletedAt) return;
  if (!can(user, 'note:undelete', { authorId: row.authorId, deleted: true, deletedById: row.deletedById })) {
    throw forbidden('กู้คืนได้เฉพาะบันทึกที่คุณลบเอง');
  }
  getDb().update(notes).set({ deletedAt: null, deletedById: null }).where(eq(notes.id, id)).run();
  emitContentChange({ type: 'note', noteId: id, action: 'restored' });
}

/** Earlier versions of a note, newest first. */
/**
 * The note's earlier texts, newest first. The author and moderators see all of them; everyone else
 * only texts that were public when replaced (not what was typed in a draft or while hidden).
 */
export function listRevisions(viewer: SessionUser | null, note: { id: number; authorId: number }) {
  const seesAll = can(viewer, 'note:edit', { authorId: note.authorId }) || can(viewer, 'moderate');
  const condition = seesAll ? eq(noteRevisions.noteId, note.id) : and(eq(noteRevisions.noteId, note.id), eq(noteRevisions.wasPublic, true));
  return getDb().select().from(noteRevisions).where(condition).orderBy(desc(noteRevisions.id)).all();
}

const summaryColumns = {
  id: notes.id,
  kind: notes.kind,
  title: notes.title,
  excerpt: notes.excerpt,
  status: notes.status,
  commentCount: notes.commentCount,
  publishedAt: notes.publishedAt,
  updatedAt: notes.updatedAt,
  acceptedAnswerId: notes.acceptedAnswerId,
  lastCommentedAt: notes.lastCommentedAt,
  authorId: users.id,
  authorUsername: users.username,
  authorDisplayName: users.displayName,
};

type SummaryRow = Pick<
  NoteRow,
  'id' | 'kind' | 'title' | 'excerpt' | 'status' | 'commentCount' | 'publishedAt' | 'updatedAt' | 'lastCommentedAt' | 'acceptedAnswerId'
> & {
  authorId: number;
  authorUsername: string;
  authorDisplayName: string;
};

function toSummaries(rows: SummaryRow[]): NoteSummary[] {
  const tagMap = getTagsForNotes(rows.map((r) => r.id));
  return rows.map((r) =>
    toSummary(r, { id: r.authorId, username: r.authorUsername, displayName: r.authorDisplayName }, tagMap.get(r.id) ?? []),
  );
}

/** The sort value of a note (its publish time, or `sort` over `notes`), to start a page from a cursor note. */
const noteSortOf =
  (sort: SQLiteColumn | SQL = notes.publishedAt) =>
  (noteId: number): unknown =>
    getDb()
      .select({ value: sql`${sort}` })
      .from(notes)
      .where(eq(notes.id, noteId))
      .get()?.value;

/** One page of a list of notes (keyset-page.ts), loaded as summaries. */
function pageOfIds(list: KeysetList, position: ListPosition, perPage: number): Page<NoteSummary> {
  return readKeysetPage(list, position, perPage, getNoteSummaries);
}

/** A list of `notes` rows under `where`, newest published first. */
function notesList(key: string, where: SQL, join?: 'tag'): KeysetList {
  return {
    key,
    sortOf: noteSortOf(),
    sort: notes.publishedAt,
    id: notes.id,
    ids: (range, ascending) => {
      const base = getDb().select({ id: notes.id }).from(notes).$dynamic();
      return (join === 'tag' ? base.innerJoin(noteTags, eq(noteTags.noteId, notes.id)) : base)
        .where(and(where, range))
        .orderBy(...listOrder(notes.publishedAt, notes.id, ascending));
    },
  };
}

/** A page number or a position: callers that only ever ask for a numbered page pass the number. */
const positionOf = (position: ListPosition | number): ListPosition => (typeof position === 'number' ? { page: position } : position);

/** Summaries of the given notes, in the given order (missing ids are skipped); no visibility check. */
export function getNoteSummaries(ids: number[]): NoteSummary[] {
  if (ids.length === 0) return [];
  const rows = getDb()
    .select(summaryColumns)
    .from(notes)
    .innerJoin(users, eq(notes.authorId, users.id))
    .where(inArray(notes.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return toSummaries(ids.map((id) => byId.get(id)!).filter(Boolean));
}

/** One page of note summaries matching `where`, newest first (other modules pass their own conditions, e.g. a community's notes). */
export function pageOf(where: SQL, position: ListPosition | number, perPage: number, join?: 'tag'): Page<NoteSummary> {
  const list = notesList('', where, join);
  const { sql: text, params } = list.ids().toSQL();
  return pageOfIds({ ...list, key: `${text}\n${JSON.stringify(params)}` }, positionOf(position), perPage);
}

/** Newest published notes for the home page. */
export function listPublishedNotes(position: ListPosition | number = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  return pageOfIds(notesList('home', isPublicNote), positionOf(position), perPage);
}

/** A person's notes, newest first; drafts only when `includeDrafts` (their own profile). */
export function listNotesByAuthor(
  authorId: number,
  position: ListPosition | number = 1,
  options: { includeDrafts?: boolean; perPage?: number } = {},
): Page<NoteSummary> {
  const perPage = options.perPage ?? NOTES_PER_PAGE;
  if (!options.includeDrafts)
    return pageOfIds(
      notesList(`author:${authorId}:false`, and(eq(notes.authorId, authorId), isPublicNote)!),
      positionOf(position),
      perPage,
    );
  // Drafts have no publish time: they sort by their last edit.
  const sort = sql`coalesce(${notes.publishedAt}, ${notes.updatedAt})`;
  return pageOfIds(
    {
      key: `author:${authorId}:true`,
      sort,
      id: notes.id,
      sortOf: noteSortOf(sort),
      ids: (range, ascending) =>
        getDb()
          .select({ id: notes.id })
          .from(notes)
          .where(and(eq(notes.authorId, authorId), isNull(notes.deletedAt), range))
          .orderBy(...listOrder(sort, notes.id, ascending))
          .$dynamic(),
    },
    positionOf(position),
    perPage,
  );
}

/** Drafts of an author, newest edit first. */
export function listDrafts(authorId: number, limit = 50): NoteSummary[] {
  const rows = getDb()
    .select(summaryColumns)
    .from(notes)
    .innerJoin(users, eq(notes.authorId, users.id))
    .where(and(eq(notes.authorId, authorId), eq(notes.status, 'draft'), isNull(notes.deletedAt)))
    .orderBy(desc(notes.updatedAt))
    .limit(limit)
    .all();
  return toSummaries(rows);
}

/** Published notes carrying a tag, newest first (note_tags keeps a copy of the public state: one index range). */
export function listNotesByTag(tagName: string, position: ListPosition | number = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  const tagId = getTagId(tagName);
  if (tagId === undefined) return { items: [], page: 1, pageCount: 1, total: 0 };
  return pageOfIds(
    {
      key: `tag:${tagId}`,
      sort: noteTags.publishedAt,
      id: noteTags.noteId,
      sortOf: noteSortOf(),
      ids: (range, ascending) =>
        getDb()
          .select({ id: noteTags.noteId })
          .from(noteTags)
          .where(and(eq(noteTags.tagId, tagId), eq(noteTags.listed, true), range))
          .orderBy(...listOrder(noteTags.publishedAt, noteTags.noteId, ascending))
          .$dynamic(),
    },
    positionOf(position),
    perPage,
  );
}

/** Published notes with the newest comments, as gotoKnow's front page showed them. */
export function listRecentlyCommented(limit = 10): NoteSummary[] {
  const rows = getDb()
    .select(summaryColumns)
    .from(notes)
    .innerJoin(users, eq(notes.authorId, users.id))
    .where(and(isNotNull(notes.lastCommentedAt), isPublicNote))
    .orderBy(desc(notes.lastCommentedAt))
    .limit(limit)
    .all();
  return toSummaries(rows);
}

/** Throws 400 for a path segment that is not a positive integer id. */
export function parseNoteId(raw: string | undefined): number {
  const match = /^(\d{1,15})(?:-.*)?$/.exec(raw ?? '');
  const id = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError(404, 'ไม่พบบันทึกนี้ ที่อยู่ไม่ถูกต้อง');
  return id;
}
