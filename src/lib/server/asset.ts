/**
 * Knowledge assets of a community (คลังความรู้, issue 26): what a community learned across many
 * notes, gathered into one summary that any member edits like a wiki page. Every edit is a
 * revision (asset_revisions keeps each state); a moderator or the community's managers may undo
 * one (a new revision with the text before it). "นำไปใช้แล้ว" stories are the evidence it was used.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { assetApplications, assetRevisions, assetSources, communities, knowledgeAssets, notes, users } from '~db/schema.ts';
import { renderNoteMarkdown } from '../markdown.ts';
import { assetPath, notePath } from '../paths.ts';
import type { AssetInput, AssetPatch } from '../asset-validation.ts';
import { writeAudit } from './audit.ts';
import { emitContentChange } from './content-events.ts';
import { communityResource } from './community-access.ts';
import { requireCommunity } from './community.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { isPublicNote } from './note.ts';
import { can, type Action } from './permissions.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import { absoluteUrl } from './site.ts';
import type { SessionUser } from './user.ts';

type AssetRow = typeof knowledgeAssets.$inferSelect;

function loadAsset(id: number): { asset: AssetRow; community: typeof communities.$inferSelect } {
  const row =
    Number.isSafeInteger(id) && id > 0 ? getDb().select().from(knowledgeAssets).where(eq(knowledgeAssets.id, id)).get() : undefined;
  if (!row) throw notFound('คลังความรู้นี้');
  const community = getDb().select().from(communities).where(eq(communities.id, row.communityId)).get()!;
  return { asset: row, community };
}

function requireMay(user: SessionUser | null, action: Action, community: typeof communities.$inferSelect, message: string): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, action, communityResource(user.id, community))) throw forbidden(message);
  return user;
}

/** Refuses sources that are not public notes (400, so the form shows it beside the field). */
function checkSources(noteIds: number[]): void {
  if (noteIds.length === 0) return;
  const found = getDb()
    .select({ id: notes.id })
    .from(notes)
    .where(and(inArray(notes.id, noteIds), isPublicNote))
    .all();
  if (found.length !== new Set(noteIds).size) {
    throw new DomainError(400, 'บันทึกต้นทางบางเรื่องไม่พบหรือไม่เป็นสาธารณะ กรุณาเลือกเฉพาะบันทึกที่เผยแพร่แล้ว', {
      sourceNoteIds: 'ไม่พบบันทึกต้นทางบางเรื่อง',
    });
  }
}

/** A member creates an asset in their community, from some of its notes. */
export function createAsset(user: SessionUser | null, slug: string, input: AssetInput): { id: number; url: string } {
  const community = requireCommunity(slug);
  const author = requireMay(user, 'asset:create', community, 'สร้างคลังความรู้ได้เฉพาะสมาชิกของชุมชนนี้ กรุณาเข้าร่วมชุมชนก่อน');
  enforceRateLimit(`asset:user:${author.id}`, RATE_LIMITS.notePerUser);
  checkSources(input.sourceNoteIds);
  const html = renderNoteMarkdown(input.summary); // before the transaction: the write lock is never held while rendering
  const now = new Date();
  const id = writeTransaction(() => {
    const row = getDb()
      .insert(knowledgeAssets)
      .values({
        communityId: community.id,
        createdById: author.id,
        title: input.title,
        summaryMarkdown: input.summary,
        summaryHtml: html,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: knowledgeAssets.id })
      .get();
    getDb()
      .insert(assetRevisions)
      .values({ assetId: row.id, revision: 1, editorId: author.id, title: input.title, summaryMarkdown: input.summary, createdAt: now })
      .run();
    for (const noteId of new Set(input.sourceNoteIds)) {
      getDb().insert(assetSources).values({ assetId: row.id, noteId, addedById: author.id, addedAt: now }).onConflictDoNothing().run();
    }
    return row.id;
  });
  emitContentChange({ type: 'asset', assetId: id, action: 'created' });
  return { id, url: absoluteUrl(assetPath(community.slug, id)) };
}

export interface AssetView {
  id: number;
  title: string;
  summary: string;
  summaryHtml: string;
  revision: number;
  sources: { id: number; title: string; url: string }[];
  appliedCount: number;
  community: { slug: string; name: string };
  url: string;
  updatedAt: Date;
}

/** The asset as everyone sees it; sources only while they are public notes. */
export function getAsset(id: number): AssetView {
  const { asset, community } = loadAsset(id);
  const sources = getDb()
    .select({ id: notes.id, title: notes.title })
    .from(assetSources)
    .innerJoin(notes, eq(notes.id, assetSources.noteId))
    .where(and(eq(assetSources.assetId, id), isPublicNote))
    .orderBy(asc(assetSources.addedAt), asc(notes.id))
    .all();
  return {
    id: asset.id,
    title: asset.title,
    summary: asset.summaryMarkdown,
    summaryHtml: asset.summaryHtml,
    revision: asset.revision,
    sources: sources.map((s) => ({ ...s, url: absoluteUrl(notePath(s.id)) })),
    appliedCount: asset.appliedCount,
    community: { slug: community.slug, name: community.name },
    url: absoluteUrl(assetPath(community.slug, asset.id)),
    updatedAt: asset.updatedAt,
  };
}

/** Writes a new revision with this title and summary (inside a transaction). */
function writeRevision(asset: AssetRow, editorId: number, title: string, summary: string, html: string, undoes: number | null): number {
  const revision = asset.revision + 1;
  const now = new Date();
  getDb()
    .insert(assetRevisions)
    .values({ assetId: asset.id, revision, editorId, title, summaryMarkdown: summary, undoes, createdAt: now })
    .run();
  getDb()
    .update(knowledgeAssets)
    .set({ title, summaryMarkdown: summary, summaryHtml: html, revision, updatedAt: now })
    .where(eq(knowledgeAssets.id, asset.id))
    .run();
  return revision;
}

/**
 * Any member edits the asset; each edit is a revision. `patch.revision` (or an If-Match header) is
 * the revision the edit started from: a newer one means someone else saved first (409).
 */
export function updateAsset(user: SessionUser | null, id: number, patch: AssetPatch): AssetView {
  const { asset, community } = loadAsset(id);
  const editor = requireMay(user, 'asset:edit', community, 'แก้ไขคลังความรู้ได้เฉพาะสมาชิกของชุมชนนี้ กรุณาเข้าร่วมชุมชนก่อน');
  enforceRateLimit(`asset-edit:user:${editor.id}`, RATE_LIMITS.notePerUser);
  if (patch.revision !== undefined && patch.revision !== asset.revision) {
    throw new DomainError(409, `มีผู้แก้ไขคลังความรู้นี้ไปก่อนแล้ว (ฉบับที่ ${asset.revision}) กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง`);
  }
  if (patch.sourceNoteIds) checkSources(patch.sourceNoteIds);
  const title = patch.title ?? asset.title;
  const summary = patch.summary ?? asset.summaryMarkdown;
  const html = patch.summary !== undefined ? renderNoteMarkdown(summary) : asset.summaryHtml;
  const revised = writeTransaction(() => {
    const current = getDb().select().from(knowledgeAssets).where(eq(knowledgeAssets.id, id)).get()!;
    if (current.revision !== asset.revision) throw new DomainError(409, 'มีผู้แก้ไขคลังความรู้นี้พร้อมกัน กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง');
    const changed = title !== asset.title || summary !== asset.summaryMarkdown;
    if (changed) writeRevision(asset, editor.id, title, summary, html, null);
    for (const noteId of patch.sourceNoteIds ?? []) {
      getDb().insert(assetSources).values({ assetId: id, noteId, addedById: editor.id }).onConflictDoNothing().run();
    }
    return changed;
  });
  if (revised) emitContentChange({ type: 'asset', assetId: id, action: 'updated' });
  return getAsset(id);
}

/** A moderator (or the community's managers) undoes one revision: the text before it comes back as a new revision. */
export function undoRevision(user: SessionUser | null, id: number, revision: number): AssetView {
  const { asset, community } = loadAsset(id);
  const moderator = requireMay(user, 'asset:undo', community, 'ย้อนการแก้ไขได้เฉพาะผู้ดูแลชุมชนหรือผู้ดูแลระบบ');
  const before = getDb()
    .select()
    .from(assetRevisions)
    .where(and(eq(assetRevisions.assetId, id), eq(assetRevisions.revision, revision - 1)))
    .get();
  if (revision < 2 || revision > asset.revision || !before) {
    throw new DomainError(400, 'ย้อนได้เฉพาะการแก้ไข (ฉบับที่ 2 ขึ้นไปที่มีอยู่จริง) กรุณาเลือกจากประวัติการแก้ไข', { revision: 'ไม่มีฉบับนี้' });
  }
  const html = renderNoteMarkdown(before.summaryMarkdown);
  writeTransaction(() => {
    writeRevision(asset, moderator.id, before.title, before.summaryMarkdown, html, revision);
    writeAudit({ actorId: moderator.id, action: 'asset:undo', targetType: 'asset', targetId: id, detail: `revision ${revision}` });
  });
  emitContentChange({ type: 'asset', assetId: id, action: 'updated' });
  return getAsset(id);
}

export interface AssetRevisionView {
  revision: number;
  title: string;
  summary: string;
  undoes: number | null;
  editor: { username: string; displayName: string } | null;
  createdAt: Date;
}

/** Every revision, newest first (diffs are between neighbours: see text-diff.ts). */
export function listAssetRevisions(id: number): AssetRevisionView[] {
  loadAsset(id);
  return getDb()
    .select({
      revision: assetRevisions.revision,
      title: assetRevisions.title,
      summary: assetRevisions.summaryMarkdown,
      undoes: assetRevisions.undoes,
      username: users.username,
      displayName: users.displayName,
      createdAt: assetRevisions.createdAt,
    })
    .from(assetRevisions)
    .leftJoin(users, eq(users.id, assetRevisions.editorId))
    .where(eq(assetRevisions.assetId, id))
    .orderBy(desc(assetRevisions.revision))
    .all()
    .map(({ username, displayName, ...r }) => ({ ...r, editor: username ? { username, displayName: displayName! } : null }));
}

/** "นำไปใช้แล้ว": a member's story of using the asset; counted on the asset. */
export function addApplication(user: SessionUser | null, id: number, story: string): { id: number; appliedCount: number } {
  const { community } = loadAsset(id);
  const member = requireMay(user, 'asset:apply', community, 'บอกว่านำไปใช้แล้วได้เฉพาะสมาชิกของชุมชนนี้ กรุณาเข้าร่วมชุมชนก่อน');
  enforceRateLimit(`asset-applied:user:${member.id}`, RATE_LIMITS.notePerUser);
  return writeTransaction(() => {
    const row = getDb()
      .insert(assetApplications)
      .values({ assetId: id, userId: member.id, story })
      .returning({ id: assetApplications.id })
      .get();
    const { appliedCount } = getDb()
      .update(knowledgeAssets)
      .set({ appliedCount: sql`${knowledgeAssets.appliedCount} + 1` })
      .where(eq(knowledgeAssets.id, id))
      .returning({ appliedCount: knowledgeAssets.appliedCount })
      .get()!;
    return { id: row.id, appliedCount };
  });
}

/** The "applied" stories, newest first, by members who are not suspended. */
export function listApplications(id: number) {
  return getDb()
    .select({
      id: assetApplications.id,
      story: assetApplications.story,
      createdAt: assetApplications.createdAt,
      username: users.username,
      displayName: users.displayName,
    })
    .from(assetApplications)
    .innerJoin(users, eq(users.id, assetApplications.userId))
    .where(and(eq(assetApplications.assetId, id), sql`${users.suspendedAt} IS NULL`))
    .orderBy(desc(assetApplications.id))
    .all();
}

/** A member proposes a note as a source of an asset of their community (from the note's page). */
export function addSource(user: SessionUser | null, id: number, noteId: number): { slug: string } {
  const { community } = loadAsset(id);
  const member = requireMay(user, 'asset:edit', community, 'เสนอบันทึกเป็นแหล่งที่มาได้เฉพาะสมาชิกของชุมชนนี้ กรุณาเข้าร่วมชุมชนก่อน');
  checkSources([noteId]);
  getDb().insert(assetSources).values({ assetId: id, noteId, addedById: member.id }).onConflictDoNothing().run();
  return { slug: community.slug };
}

/** A community's assets, most recently updated first (its page, the sitemap, feeds). */
export function listCommunityAssets(communityId: number, limit = 50) {
  return getDb()
    .select({
      id: knowledgeAssets.id,
      title: knowledgeAssets.title,
      appliedCount: knowledgeAssets.appliedCount,
      updatedAt: knowledgeAssets.updatedAt,
    })
    .from(knowledgeAssets)
    .where(eq(knowledgeAssets.communityId, communityId))
    .orderBy(desc(knowledgeAssets.updatedAt))
    .limit(limit)
    .all();
}
