/**
 * Export archives (a zip) so people can move in and out: one member's notes, AARs, comments and
 * photos, or a whole site. Each note is a Markdown file with front matter for people and other
 * tools; the JSON files beside them are what `importArchive` reads. Format: docs/decisions/0602-backups-and-export-format.md.
 */
import { consentHistory } from './consent.ts';
import { getPendingDeletion, type DeletionState } from './account-deletion.ts';
import { PRIVACY_NOTICE_VERSION } from '../privacy.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { aarReports, comments, events, notes, uploads, users, type NoteKind, type Role } from '~db/schema.ts';
import { uploadIdsIn } from '../upload-urls.ts';
import { getExpertise } from './people.ts';
import { resolveUploadsDir } from './data-dir.ts';
import { getTagsForNotes } from './tag.ts';
import { absoluteUrl, getSiteUrl } from './site.ts';
import { eventPath } from './event.ts';

export const EXPORT_FORMAT = 'banthuek-export';
export const EXPORT_VERSION = 1;

interface ExportUser {
  username: string;
  displayName: string;
  email: string | null;
  organisation: string | null;
  province: string | null;
  bio: string | null;
  /** People-directory profile (added later: absent from older archives). */
  position?: string | null;
  expertise?: string[];
  hiddenFromDirectory?: boolean;
  /** The profile photo, one of uploads.json (added later: absent from older archives). */
  avatarUploadId?: string | null;
  role: Role;
  createdAt: string;
  /** Only in whole-site exports made by an administrator, so people can still sign in after a move. */
  passwordHash?: string;
}

interface ExportNote {
  id: number;
  kind: NoteKind;
  author: string;
  title: string;
  bodyMarkdown: string;
  licence: string;
  status: 'draft' | 'published';
  tags: string[];
  hidden: boolean;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The event (workshop, เวที) the note or AAR is about, by this site's id (see events.json); null when none. */
  eventId: number | null;
  /** The version of the text (+1 on every save; the ETag and If-Match of issue 23). */
  revision: number;
  /** For a device's version kept when its edit met a newer text ("ฉบับจากเครื่องนี้"): the note it is a copy of, by this site's id; else null. */
  conflictOf: number | null;
}

/** An event the exported notes are about, so an archive says what `eventId` named on its site. */
interface ExportEvent {
  id: number;
  title: string;
  startDate: string;
  endDate: string | null;
  provinceName: string;
  url: string;
}

interface ExportComment {
  id: number;
  noteId: number;
  noteTitle: string;
  parentId: number | null;
  author: string;
  bodyMarkdown: string;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: number;
  scope: 'user' | 'site';
  exportedAt: string;
  site: string;
  counts: { users: number; notes: number; comments: number; photos: number };
}

/** An upload the exported notes or comments show; its files are under photos/ by their stored names. */
interface ExportUpload {
  id: string;
  owner: string;
  kind: 'image' | 'file';
  name: string;
  contentType: string;
  fileName: string;
  files: string[];
  bytes: number;
  storedBytes: number;
  width: number | null;
  height: number | null;
  createdAt: string;
}

/** The structured fields of an AAR (aar_reports), keyed by the archive's note id (`listed` is derived: triggers set it on import). */
type ExportAar = Omit<typeof aarReports.$inferSelect, 'noteId' | 'listed'> & { noteId: number };

export interface ExportData {
  manifest: ExportManifest;
  users: ExportUser[];
  notes: ExportNote[];
  comments: ExportComment[];
  aars: ExportAar[];
  /** Events the notes are about (events.json; absent in older archives). */
  events: ExportEvent[];
  /** Uploads (photos and documents) the notes and comments show (uploads.json; absent in older archives). */
  uploads: ExportUpload[];
  /** Photos by their path under the uploads folder, e.g. "2026/abc.jpg". */
  photos: Map<string, Uint8Array>;
  /** A member's own export only (privacy.json): the consent log and a pending request to leave (PDPA s.30). */
  privacy?: ExportPrivacy;
}

interface ExportPrivacy {
  noticeVersion: number;
  consents: ReturnType<typeof consentHistory>;
  deletion: DeletionState | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const UPLOAD_URL = /\/uploads\/([A-Za-z0-9._\-/]+)/g;

function toExportUser(row: typeof users.$inferSelect, withPasswordHash: boolean): ExportUser {
  return {
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    organisation: row.organisation,
    province: row.province,
    bio: row.bio,
    position: row.position,
    expertise: getExpertise(row.id),
    hiddenFromDirectory: row.hiddenFromDirectory,
    avatarUploadId: row.avatarUploadId,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    ...(withPasswordHash ? { passwordHash: row.passwordHash } : {}),
  };
}

function loadNotes(where: ReturnType<typeof and>): ExportNote[] {
  const rows = getDb()
    .select({ n: notes, author: users.username })
    .from(notes)
    .innerJoin(users, eq(notes.authorId, users.id))
    .where(where)
    .orderBy(asc(notes.id))
    .all();
  const tags = getTagsForNotes(rows.map((r) => r.n.id));
  return rows.map(({ n, author }) => ({
    id: n.id,
    kind: n.kind,
    author,
    title: n.title,
    bodyMarkdown: n.bodyMarkdown,
    licence: n.licence,
    status: n.status,
    tags: tags.get(n.id) ?? [],
    hidden: n.hiddenAt != null,
    publishedAt: iso(n.publishedAt),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    eventId: n.eventId,
    revision: n.revision,
    conflictOf: n.conflictOfId,
  }));
}

function loadEvents(exported: ExportNote[]): ExportEvent[] {
  const ids = [...new Set(exported.flatMap((n) => (n.eventId === null ? [] : [n.eventId])))];
  if (ids.length === 0) return [];
  return getDb()
    .select({ id: events.id, title: events.title, startDate: events.startDate, endDate: events.endDate, provinceName: events.provinceName })
    .from(events)
    .where(inArray(events.id, ids))
    .orderBy(asc(events.id))
    .all()
    .map((e) => ({ ...e, url: absoluteUrl(eventPath(e.id)) }));
}

function loadComments(where: ReturnType<typeof and>): ExportComment[] {
  return getDb()
    .select({ c: comments, author: users.username, noteTitle: notes.title })
    .from(comments)
    .innerJoin(users, eq(comments.authorId, users.id))
    .innerJoin(notes, eq(comments.noteId, notes.id))
    .where(where)
    .orderBy(asc(comments.id))
    .all()
    .map(({ c, author, noteTitle }) => ({
      id: c.id,
      noteId: c.noteId,
      noteTitle,
      parentId: c.parentId,
      author,
      bodyMarkdown: c.bodyMarkdown,
      hidden: c.hiddenAt != null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    }));
}

function loadAars(exported: ExportNote[]): ExportAar[] {
  const ids = exported.filter((n) => n.kind === 'aar').map((n) => n.id);
  return ids.length === 0
    ? []
    : getDb()
        .select()
        .from(aarReports)
        .where(inArray(aarReports.noteId, ids))
        .all()
        .map(({ listed: _listed, ...aar }) => aar);
}

/**
 * Uploads the notes and comments refer to and the members' avatars, with every stored file (variants included).
 * With `ownerId` (a member's own export) only that member's uploads: naming another member's file in a body
 * must not fetch it, since that file may be withheld (hidden note, suspended owner).
 */
function loadUploads(texts: string[], avatars: (string | null)[], ownerId?: number): ExportUpload[] {
  const ids = [...new Set([...texts.flatMap((text) => uploadIdsIn(text)), ...avatars.filter((id): id is string => id !== null)])];
  if (ids.length === 0) return [];
  const owned = ownerId === undefined ? undefined : eq(uploads.ownerId, ownerId);
  return getDb()
    .select({ u: uploads, owner: users.username })
    .from(uploads)
    .innerJoin(users, eq(uploads.ownerId, users.id))
    .where(and(inArray(uploads.id, ids), owned))
    .all()
    .map(({ u, owner }) => ({
      id: u.id,
      owner,
      kind: u.kind,
      name: u.name,
      contentType: u.contentType,
      fileName: u.fileName,
      files: u.files,
      bytes: u.bytes,
      storedBytes: u.storedBytes,
      width: u.width,
      height: u.height,
      createdAt: u.createdAt.toISOString(),
    }));
}

/** A file stored for an upload row ("<32 hex id>-…"): it comes only with its upload, never by its path alone. */
const UPLOAD_FILE = /^[0-9a-f]{32}-/;

/**
 * Photos the notes show from our uploads folder (paths that stay inside it), and every file of their uploads.
 * Paths of upload rows are left to `exportedUploads` (which checks the owner); older files with no row
 * (photos placed in the folder before uploads were recorded) still follow their note.
 */
function loadPhotos(exported: ExportNote[], exportedUploads: ExportUpload[]): Map<string, Uint8Array> {
  const root = resolveUploadsDir();
  const photos = new Map<string, Uint8Array>();
  for (const upload of exportedUploads) {
    for (const name of upload.files) if (existsSync(join(root, name))) photos.set(name, readFileSync(join(root, name)));
  }
  for (const note of exported) {
    for (const [, path] of note.bodyMarkdown.matchAll(UPLOAD_URL)) {
      const relative = normalize(path!);
      if (relative.startsWith('..') || photos.has(relative) || UPLOAD_FILE.test(relative)) continue;
      const file = join(root, relative);
      // "/uploads/." or "/uploads/2026/" name a folder: only regular files are photos.
      if (existsSync(file) && statSync(file).isFile()) photos.set(relative, readFileSync(file));
    }
  }
  return photos;
}

function manifestFor(scope: 'user' | 'site', data: Omit<ExportData, 'manifest'>): ExportManifest {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    scope,
    exportedAt: new Date().toISOString(),
    site: getSiteUrl().origin,
    counts: { users: data.users.length, notes: data.notes.length, comments: data.comments.length, photos: data.photos.size },
  };
}

/** Everything one member wrote: profile, notes and AARs (drafts too, not deleted ones), their comments, photos. */
export function collectUserExport(userId: number): ExportData {
  const user = getDb().select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`no user ${userId}`);
  const exported = loadNotes(and(eq(notes.authorId, userId), isNull(notes.deletedAt)));
  const exportedComments = loadComments(and(eq(comments.authorId, userId), isNull(comments.deletedAt), isNull(notes.deletedAt)));
  const exportedUploads = loadUploads(
    [...exported, ...exportedComments].map((x) => x.bodyMarkdown),
    [user.avatarUploadId],
    userId,
  );
  const data = {
    users: [toExportUser(user, false)],
    notes: exported,
    comments: exportedComments,
    aars: loadAars(exported),
    events: loadEvents(exported),
    uploads: exportedUploads,
    photos: loadPhotos(exported, exportedUploads),
    privacy: { noticeVersion: PRIVACY_NOTICE_VERSION, consents: consentHistory(userId), deletion: getPendingDeletion(userId) },
  };
  return { manifest: manifestFor('user', data), ...data };
}

/** The whole site (not deleted content); password hashes only when asked (an administrator moving the site). */
export function collectSiteExport(options: { withPasswordHashes?: boolean } = {}): ExportData {
  const everyone = getDb().select().from(users).orderBy(asc(users.id)).all();
  const exported = loadNotes(isNull(notes.deletedAt));
  const exportedComments = loadComments(and(isNull(comments.deletedAt), isNull(notes.deletedAt)));
  const exportedUploads = loadUploads(
    [...exported, ...exportedComments].map((x) => x.bodyMarkdown),
    everyone.map((u) => u.avatarUploadId),
  );
  const data = {
    users: everyone.map((u) => toExportUser(u, options.withPasswordHashes ?? false)),
    notes: exported,
    comments: exportedComments,
    aars: loadAars(exported),
    events: loadEvents(exported),
    uploads: exportedUploads,
    photos: loadPhotos(exported, exportedUploads),
  };
  return { manifest: manifestFor('site', data), ...data };
}

/** Front matter in YAML that is also JSON per value, so any YAML reader takes it and no quoting can break it. */
function noteToMarkdown(note: ExportNote): string {
  const fields: Record<string, unknown> = {
    title: note.title,
    kind: note.kind,
    author: note.author,
    status: note.status,
    tags: note.tags,
    licence: note.licence,
    publishedAt: note.publishedAt,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    id: note.id,
    eventId: note.eventId,
    revision: note.revision,
    conflictOf: note.conflictOf,
  };
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n${note.bodyMarkdown}\n`;
}

function slugFor(note: ExportNote): string {
  return (
    note.title
      .normalize('NFC')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'note'
  );
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** The zip: README, manifest.json, users/notes/comments JSON, notes/ and aars/ as Markdown, photos/. */
export function toZip(data: ExportData): Uint8Array {
  const files: Zippable = {
    'README.txt': strToU8(
      `ไฟล์ส่งออกจากบันทึก (${data.manifest.site}) เมื่อ ${data.manifest.exportedAt}\n` +
        'notes/ และ aars/ : บันทึกเป็นไฟล์ Markdown พร้อม front matter\n' +
        'notes.json, comments.json, users.json, aars.json : ข้อมูลเดียวกันในรูป JSON สำหรับนำเข้า\n' +
        'events.json : เวทีหรือกิจกรรมที่บันทึกอ้างถึง (eventId ใน notes.json)\nphotos/ : ภาพประกอบ\n' +
        'privacy.json : ประวัติความยินยอมและคำขอลบบัญชี (เฉพาะไฟล์ของสมาชิกเอง)\n',
    ),
    'manifest.json': json(data.manifest),
    'users.json': json(data.users),
    'notes.json': json(data.notes),
    'comments.json': json(data.comments),
    'aars.json': json(data.aars),
    'events.json': json(data.events),
    'uploads.json': json(data.uploads),
    ...(data.privacy ? { 'privacy.json': json(data.privacy) } : {}),
  };
  for (const note of data.notes)
    files[`${note.kind === 'aar' ? 'aars' : 'notes'}/${note.id}-${slugFor(note)}.md`] = strToU8(noteToMarkdown(note));
  // Photos are already compressed: store them as they are.
  for (const [path, bytes] of data.photos) files[`photos/${path}`] = [bytes, { level: 0 }];
  return zipSync(files, { level: 6 });
}
