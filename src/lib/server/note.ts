/**
 * Notes (บันทึก): create, edit with revisions, soft delete, and the reads pages need.
 * Markdown is rendered and sanitised here, once per write; pages serve the stored HTML.
 */
import { and, desc, eq, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { noteRevisions, notes, noteTags, users, type NoteKind } from '~db/schema.ts';
import { markdownToPlainText, renderNoteMarkdown } from '../markdown.ts';
import type { NoteInput, NotePatch } from '../validation.ts';
import { emitContentChange } from './content-events.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import { getTagsForNotes, setNoteTags, getTagId } from './tag.ts';
import type { SessionUser } from './user.ts';

export const EXCERPT_CHARS = 240;
export const NOTES_PER_PAGE = 20;

export type NoteRow = typeof notes.$inferSelect;

export interface NoteAuthor {
  id: number;
  username: string;
  displayName: string;
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
}

export interface NoteDetail extends NoteSummary {
  bodyHtml: string;
  bodyMarkdown: string;
  licence: string;
  createdAt: Date;
  viewCount: number;
  deleted: boolean;
  hidden: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

/** The public condition: published, not deleted, not hidden. */
export const isPublicNote: SQL = and(eq(notes.status, 'published'), isNull(notes.deletedAt), isNull(notes.hiddenAt))!;

function renderFields(title: string, body: string) {
  return { title, bodyMarkdown: body, bodyHtml: renderNoteMarkdown(body), excerpt: markdownToPlainText(body, EXCERPT_CHARS) };
}

/** Creates a note by `author`; publishedAt is set when it is published. */
export function createNote(author: SessionUser | null, input: NoteInput, kind: NoteKind = 'note'): { id: number } {
  if (!author) throw needLogin();
  if (!can(author, 'note:create')) throw forbidden('บัญชีของคุณไม่สามารถเขียนบันทึกได้ในขณะนี้');
  enforceRateLimit(`note:user:${author.id}`, RATE_LIMITS.notePerUser);
  const now = new Date();
  const id = getDb().transaction(() => {
    const row = getDb().insert(notes).values({
      authorId: author.id,
      kind,
      ...renderFields(input.title, input.body),
      licence: input.licence,
      status: input.status,
      publishedAt: input.status === 'published' ? now : null,
      createdAt: now,
      updatedAt: now,
    }).returning({ id: notes.id }).get();
    setNoteTags(row.id, input.tags);
    return row.id;
  });
  emitContentChange({ type: 'note', noteId: id, action: 'created' });
  return { id };
}

/** Raw row, or undefined. */
export function getNoteRow(id: number): NoteRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return getDb().select().from(notes).where(eq(notes.id, id)).get();
}

/** Loads a note for a viewer, or throws 404 (unknown, or a draft that is not theirs), 410 (deleted). */
export function getNoteForViewer(viewer: SessionUser | null, id: number): NoteDetail {
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  const resource = { authorId: row.authorId, status: row.status, deleted: row.deletedAt != null, hidden: row.hiddenAt != null };
  if (resource.deleted) throw gone('บันทึกนี้ถูกลบแล้ว');
  if (!can(viewer, 'note:read', resource)) throw notFound('บันทึกนี้');
  const author = getDb().select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, row.authorId)).get()!;
  return toDetail(row, author, getTagsForNotes([row.id]).get(row.id) ?? []);
}

function toDetail(row: NoteRow, author: NoteAuthor, tagNames: string[]): NoteDetail {
  return {
    ...toSummary(row, author, tagNames),
    bodyHtml: row.bodyHtml,
    bodyMarkdown: row.bodyMarkdown,
    licence: row.licence,
    createdAt: row.createdAt,
    viewCount: row.viewCount,
    deleted: row.deletedAt != null,
    hidden: row.hiddenAt != null,
  };
}

function toSummary(row: Pick<NoteRow, 'id' | 'kind' | 'title' | 'excerpt' | 'status' | 'commentCount' | 'publishedAt' | 'updatedAt' | 'lastCommentedAt'>, author: NoteAuthor, tagNames: string[]): NoteSummary {
  return {
    id: row.id, kind: row.kind, title: row.title, excerpt: row.excerpt, status: row.status, author, tags: tagNames,
    commentCount: row.commentCount, publishedAt: row.publishedAt, updatedAt: row.updatedAt, lastCommentedAt: row.lastCommentedAt,
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

/** Applies an edit by the author, keeping the previous state as a revision. */
export function updateNote(user: SessionUser | null, id: number, patch: NotePatch): void {
  const row = getEditableNote(user, id);
  const now = new Date();
  const title = patch.title ?? row.title;
  const body = patch.body ?? row.bodyMarkdown;
  const status = patch.status ?? row.status;
  getDb().transaction(() => {
    const previousTags = getTagsForNotes([id]).get(id) ?? [];
    getDb().insert(noteRevisions).values({
      noteId: id, editorId: user!.id, title: row.title, bodyMarkdown: row.bodyMarkdown, tags: previousTags.join(','), licence: row.licence, createdAt: now,
    }).run();
    getDb().update(notes).set({
      ...(patch.title !== undefined || patch.body !== undefined ? renderFields(title, body) : {}),
      licence: patch.licence ?? row.licence,
      status,
      publishedAt: row.publishedAt ?? (status === 'published' ? now : null),
      updatedAt: now,
    }).where(eq(notes.id, id)).run();
    if (patch.tags !== undefined) setNoteTags(id, patch.tags);
  });
  emitContentChange({ type: 'note', noteId: id, action: 'updated' });
}

/** Soft-deletes a note (author or moderator); its page then answers 410. */
export function deleteNote(user: SessionUser | null, id: number): void {
  if (!user) throw needLogin();
  const row = getNoteRow(id);
  if (!row) throw notFound('บันทึกนี้');
  if (row.deletedAt) throw gone('บันทึกนี้ถูกลบไปแล้ว');
  if (!can(user, 'note:delete', { authorId: row.authorId })) throw forbidden('ลบได้เฉพาะบันทึกของตนเอง');
  getDb().update(notes).set({ deletedAt: new Date() }).where(eq(notes.id, id)).run();
  emitContentChange({ type: 'note', noteId: id, action: 'deleted' });
}

/** Earlier versions of a note, newest first. */
export function listRevisions(noteId: number) {
  return getDb().select().from(noteRevisions).where(eq(noteRevisions.noteId, noteId)).orderBy(desc(noteRevisions.id)).all();
}

const summaryColumns = {
  id: notes.id, kind: notes.kind, title: notes.title, excerpt: notes.excerpt, status: notes.status, commentCount: notes.commentCount,
  publishedAt: notes.publishedAt, updatedAt: notes.updatedAt, lastCommentedAt: notes.lastCommentedAt,
  authorId: users.id, authorUsername: users.username, authorDisplayName: users.displayName,
};

type SummaryRow = Pick<NoteRow, 'id' | 'kind' | 'title' | 'excerpt' | 'status' | 'commentCount' | 'publishedAt' | 'updatedAt' | 'lastCommentedAt'> & {
  authorId: number;
  authorUsername: string;
  authorDisplayName: string;
};

function toSummaries(rows: SummaryRow[]): NoteSummary[] {
  const tagMap = getTagsForNotes(rows.map((r) => r.id));
  return rows.map((r) => toSummary(r, { id: r.authorId, username: r.authorUsername, displayName: r.authorDisplayName }, tagMap.get(r.id) ?? []));
}

function clampPage(page: number): number {
  return Number.isSafeInteger(page) && page > 0 ? page : 1;
}

function pageOf(where: SQL, page: number, perPage: number, orderBy: SQL[] = [desc(notes.publishedAt), desc(notes.id)], join?: 'tag'): Page<NoteSummary> {
  const db = getDb();
  page = clampPage(page);
  const base = db.select(summaryColumns).from(notes).innerJoin(users, eq(notes.authorId, users.id));
  const rows = (join === 'tag' ? base.innerJoin(noteTags, eq(noteTags.noteId, notes.id)) : base)
    .where(where).orderBy(...orderBy).limit(perPage).offset((page - 1) * perPage).all();
  const countQuery = db.select({ n: sql<number>`count(*)` }).from(notes);
  const total = (join === 'tag' ? countQuery.innerJoin(noteTags, eq(noteTags.noteId, notes.id)) : countQuery).where(where).get()?.n ?? 0;
  return { items: toSummaries(rows), page, pageCount: Math.max(1, Math.ceil(total / perPage)), total };
}

/** Newest published notes for the home page. */
export function listPublishedNotes(page = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  return pageOf(isPublicNote, page, perPage);
}

/** A person's notes; drafts only when `includeDrafts` (their own profile). */
export function listNotesByAuthor(authorId: number, page = 1, options: { includeDrafts?: boolean; perPage?: number } = {}): Page<NoteSummary> {
  const where = options.includeDrafts
    ? and(eq(notes.authorId, authorId), isNull(notes.deletedAt))!
    : and(eq(notes.authorId, authorId), isPublicNote)!;
  return pageOf(where, page, options.perPage ?? NOTES_PER_PAGE, [sql`coalesce(${notes.publishedAt}, ${notes.updatedAt}) desc`, desc(notes.id)]);
}

/** Drafts of an author, newest edit first. */
export function listDrafts(authorId: number, limit = 50): NoteSummary[] {
  const rows = getDb().select(summaryColumns).from(notes).innerJoin(users, eq(notes.authorId, users.id))
    .where(and(eq(notes.authorId, authorId), eq(notes.status, 'draft'), isNull(notes.deletedAt))).orderBy(desc(notes.updatedAt)).limit(limit).all();
  return toSummaries(rows);
}

/** Published notes carrying a tag. */
export function listNotesByTag(tagName: string, page = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  const tagId = getTagId(tagName);
  if (tagId === undefined) return { items: [], page: 1, pageCount: 1, total: 0 };
  return pageOf(and(eq(noteTags.tagId, tagId), isPublicNote)!, page, perPage, undefined, 'tag');
}

/** Published notes with the newest comments, as gotoKnow's front page showed them. */
export function listRecentlyCommented(limit = 10): NoteSummary[] {
  const rows = getDb().select(summaryColumns).from(notes).innerJoin(users, eq(notes.authorId, users.id))
    .where(and(isNotNull(notes.lastCommentedAt), isPublicNote)).orderBy(desc(notes.lastCommentedAt)).limit(limit).all();
  return toSummaries(rows);
}

/** Throws 400 for a path segment that is not a positive integer id. */
export function parseNoteId(raw: string | undefined): number {
  const match = /^(\d{1,15})(?:-.*)?$/.exec(raw ?? '');
  const id = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError(404, 'ไม่พบบันทึกนี้ ที่อยู่ไม่ถูกต้อง');
  return id;
}
