/**
 * Imports an export archive (src/lib/server/export.ts): one member's archive, or a whole site.
 * People are matched by username (created when missing); notes, AARs and comments get new ids
 * with their times, tags and reply threads kept; photos go into the uploads folder. All rows are
 * written in one transaction: an archive is imported whole or not at all. Run by an administrator.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { randomBytes } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq, exists, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { aarReports, comments, notes, uploads, users, ROLES, UPLOAD_KINDS, NOTE_KINDS } from '~db/schema.ts';
import { markdownToPlainText, renderCommentMarkdown, renderNoteMarkdown } from '../markdown.ts';
import { resolveUploadsDir } from './data-dir.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportData } from './export.ts';
import { EXCERPT_CHARS } from './note.ts';
import { hashPassword } from './password.ts';
import { setNoteTags } from './tag.ts';
import { syncUploadRefs } from './upload/refs.ts';
import { setExpertise } from './people.ts';
import { expertiseSchema } from '../people-validation.ts';

const date = z.string().datetime();
const archiveSchema = z.object({
  manifest: z
    .object({ format: z.literal(EXPORT_FORMAT), version: z.number().int().max(EXPORT_VERSION), scope: z.enum(['user', 'site']) })
    .passthrough(),
  users: z.array(
    z.object({
      username: z.string().min(1),
      displayName: z.string().min(1),
      email: z.string().nullable(),
      organisation: z.string().nullable(),
      province: z.string().nullable(),
      bio: z.string().nullable(),
      role: z.enum(ROLES),
      createdAt: date,
      passwordHash: z.string().optional(),
      position: z.string().nullable().optional(),
      expertise: expertiseSchema.optional(),
      hiddenFromDirectory: z.boolean().optional(),
      avatarUploadId: z
        .string()
        .regex(/^[0-9a-f]{32}$/)
        .nullable()
        .optional(),
    }),
  ),
  notes: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(NOTE_KINDS),
      author: z.string(),
      title: z.string().min(1),
      bodyMarkdown: z.string(),
      licence: z.string(),
      status: z.enum(['draft', 'published']),
      tags: z.array(z.string()).max(20),
      hidden: z.boolean(),
      publishedAt: date.nullable(),
      createdAt: date,
      updatedAt: date,
      /** Read but not restored: events are not in the archive's import (an id names an event of the site it came from). */
      eventId: z.number().int().nullable().default(null),
    }),
  ),
  comments: z.array(
    z.object({
      id: z.number().int(),
      noteId: z.number().int(),
      parentId: z.number().int().nullable(),
      author: z.string(),
      bodyMarkdown: z.string(),
      hidden: z.boolean(),
      createdAt: date,
      updatedAt: date,
    }),
  ),
  /** Structured AAR fields (added after version 1 was first written; absent in older archives). */
  aars: z.array(z.object({ noteId: z.number().int() }).passthrough()).default([]),
  /** Events the notes were about, for people reading the archive (absent in older archives; not imported). */
  events: z.array(z.object({ id: z.number().int() }).passthrough()).default([]),
  /** Uploads (added after version 1 was first written; absent in older archives). */
  uploads: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9a-f]{32}$/),
        owner: z.string(),
        kind: z.enum(UPLOAD_KINDS),
        name: z.string().min(1),
        contentType: z.string().min(1),
        fileName: z.string().regex(/^[0-9a-f]{32}-[0-9a-z.x-]+$/),
        files: z.array(z.string().regex(/^[0-9a-f]{32}-[0-9a-z.x-]+$/)),
        bytes: z.number().int(),
        storedBytes: z.number().int(),
        width: z.number().int().nullable(),
        height: z.number().int().nullable(),
        createdAt: date,
      }),
    )
    .default([]),
});

export interface ImportReport {
  usersCreated: number;
  usersMatched: number;
  notes: number;
  comments: number;
  /** Comments on notes that are not in the archive (a member's comments on other people's notes). */
  commentsSkipped: number;
  photos: number;
  photosSkipped: number;
}

/** Reads and validates an export zip; throws an Error saying what is wrong. */
export function readExportZip(bytes: Uint8Array): ExportData {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (cause) {
    throw new Error('The file is not a zip archive', { cause });
  }
  const readJson = (name: string) => {
    if (!files[name]) throw new Error(`The archive has no ${name}; is it a Banthuek export?`);
    return JSON.parse(strFromU8(files[name]!));
  };
  const parsed = archiveSchema.safeParse({
    manifest: readJson('manifest.json'),
    users: readJson('users.json'),
    notes: readJson('notes.json'),
    comments: readJson('comments.json'),
    aars: files['aars.json'] ? readJson('aars.json') : undefined,
    events: files['events.json'] ? readJson('events.json') : undefined,
    uploads: files['uploads.json'] ? readJson('uploads.json') : undefined,
  });
  if (!parsed.success)
    throw new Error(
      `The archive does not match the export format: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  const photos = new Map<string, Uint8Array>();
  for (const [name, content] of Object.entries(files))
    if (name.startsWith('photos/') && !name.endsWith('/')) photos.set(name.slice('photos/'.length), content);
  return { ...(parsed.data as unknown as Omit<ExportData, 'photos'>), photos };
}

/**
 * Imports `data`. `asUsername` puts a one-member archive under an existing account (the person
 * may have a different username here).
 */
export async function importArchive(data: ExportData, options: { asUsername?: string } = {}): Promise<ImportReport> {
  const db = getDb();
  const report: ImportReport = { usersCreated: 0, usersMatched: 0, notes: 0, comments: 0, commentsSkipped: 0, photos: 0, photosSkipped: 0 };
  if (options.asUsername && data.users.length !== 1) throw new Error('--as works only with a one-member archive');
  // People without a password hash get a random one nobody knows; they set their own with an administrator.
  const unusableHash = await hashPassword(randomBytes(32).toString('base64'));
  const now = new Date();

  writeTransaction(() => {
    const userIds = new Map<string, number>();
    for (const u of data.users) {
      const username = options.asUsername ?? u.username;
      const existing = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
      if (existing) {
        userIds.set(u.username, existing.id);
        report.usersMatched++;
        continue;
      }
      if (options.asUsername) throw new Error(`No account named ${username} on this site`);
      const emailTaken = u.email && db.select({ id: users.id }).from(users).where(eq(users.email, u.email)).get();
      const row = db
        .insert(users)
        .values({
          username,
          displayName: u.displayName,
          email: emailTaken ? null : u.email,
          organisation: u.organisation,
          province: u.province,
          bio: u.bio,
          role: u.role,
          passwordHash: u.passwordHash ?? unusableHash,
          createdAt: new Date(u.createdAt),
          updatedAt: now,
          position: u.position ?? null,
          hiddenFromDirectory: u.hiddenFromDirectory ?? false,
        })
        .returning({ id: users.id })
        .get();
      if (u.expertise?.length) setExpertise(row.id, u.expertise);
      userIds.set(u.username, row.id);
      report.usersCreated++;
    }
    const authorOf = (username: string) => {
      const id = userIds.get(username);
      if (id === undefined) throw new Error(`The archive names an author (${username}) it does not include`);
      return id;
    };

    // Uploads keep their ids (their URLs are in the Markdown); one already here is the same upload.
    for (const u of data.uploads ?? []) {
      const ownerId = userIds.get(u.owner) ?? (options.asUsername ? userIds.values().next().value : undefined);
      if (ownerId === undefined || db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, u.id)).get()) continue;
      db.insert(uploads)
        .values({
          id: u.id,
          ownerId,
          kind: u.kind,
          name: u.name,
          contentType: u.contentType,
          fileName: u.fileName,
          files: u.files,
          bytes: u.bytes,
          storedBytes: u.storedBytes,
          width: u.width,
          height: u.height,
          createdAt: new Date(u.createdAt),
          unreferencedSince: now,
        })
        .run();
    }
    // Profile photos come back for accounts that have none here, when the member's own upload came along.
    for (const u of data.users) {
      const userId = userIds.get(u.username);
      if (!u.avatarUploadId || userId === undefined) continue;
      db.update(users)
        .set({ avatarUploadId: u.avatarUploadId })
        .where(
          and(
            eq(users.id, userId),
            isNull(users.avatarUploadId),
            exists(
              db
                .select({ id: uploads.id })
                .from(uploads)
                .where(and(eq(uploads.id, u.avatarUploadId), eq(uploads.ownerId, userId))),
            ),
          ),
        )
        .run();
    }

    const noteIds = new Map<number, number>();
    for (const n of data.notes) {
      const row = db
        .insert(notes)
        .values({
          authorId: authorOf(n.author),
          kind: n.kind,
          title: n.title,
          bodyMarkdown: n.bodyMarkdown,
          bodyHtml: renderNoteMarkdown(n.bodyMarkdown),
          excerpt: markdownToPlainText(n.bodyMarkdown, EXCERPT_CHARS),
          licence: n.licence,
          status: n.status,
          hiddenAt: n.hidden ? now : null,
          publishedAt: n.publishedAt ? new Date(n.publishedAt) : null,
          createdAt: new Date(n.createdAt),
          updatedAt: new Date(n.updatedAt),
        })
        .returning({ id: notes.id })
        .get();
      setNoteTags(row.id, n.tags);
      syncUploadRefs({ noteId: row.id }, n.bodyMarkdown);
      noteIds.set(n.id, row.id);
      report.notes++;
    }

    for (const aar of data.aars) {
      const noteId = noteIds.get(aar.noteId);
      if (noteId !== undefined)
        db.insert(aarReports)
          .values({ ...aar, noteId })
          .run();
    }

    const commentIds = new Map<number, number>();
    for (const c of [...data.comments].sort((a, b) => a.id - b.id)) {
      const noteId = noteIds.get(c.noteId);
      if (noteId === undefined || !userIds.has(c.author)) {
        report.commentsSkipped++;
        continue;
      }
      const parentId = c.parentId == null ? null : (commentIds.get(c.parentId) ?? null);
      const row = db
        .insert(comments)
        .values({
          noteId,
          authorId: authorOf(c.author),
          parentId,
          bodyMarkdown: c.bodyMarkdown,
          bodyHtml: renderCommentMarkdown(c.bodyMarkdown),
          hiddenAt: c.hidden ? now : null,
          createdAt: new Date(c.createdAt),
          updatedAt: new Date(c.updatedAt),
        })
        .returning({ id: comments.id })
        .get();
      syncUploadRefs({ commentId: row.id }, c.bodyMarkdown);
      commentIds.set(c.id, row.id);
      report.comments++;
    }
    for (const id of noteIds.values()) {
      db.run(sql`UPDATE notes SET
        comment_count = (SELECT count(*) FROM comments WHERE note_id = ${id} AND deleted_at IS NULL AND hidden_at IS NULL),
        last_commented_at = (SELECT max(created_at) FROM comments WHERE note_id = ${id} AND deleted_at IS NULL AND hidden_at IS NULL)
        WHERE id = ${id}`);
    }
  });

  writePhotos(data.photos, report);
  return report;
}

/** Writes photos into the uploads folder; never overwrites a different file of the same name. */
function writePhotos(photos: Map<string, Uint8Array>, report: ImportReport): void {
  const root = resolveUploadsDir();
  for (const [path, bytes] of photos) {
    const relative = normalize(path);
    const target = join(root, relative);
    if (relative.startsWith('..') || relative.startsWith('/')) {
      report.photosSkipped++;
      continue;
    }
    if (existsSync(target)) {
      if (!readFileSync(target).equals(bytes)) report.photosSkipped++;
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    report.photos++;
  }
}
