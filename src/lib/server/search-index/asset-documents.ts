/**
 * Knowledge assets in the search index (issue 26): one Pagefind record per asset, kept in one small
 * bundle of their own (manifest `assets`) beside the note shards. Assets are few (a community's
 * wiki pages, not its notes), so the bundle is rebuilt whole whenever any asset changes, which
 * also takes out one that is gone; asset ids never meet the note ids of `recentIds`.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../../db/client.ts';
import { markdownToPlainLines } from '../../markdown.ts';
import { assetPath } from '../../paths.ts';
import type { SearchDocument } from './documents.ts';
import { markThaiWordBoundariesUntil } from './segment.ts';

/** Characters of an asset's summary indexed, as for a note's text (prepare.ts). */
const ASSET_TEXT_MAX_CHARS = 50_000;

interface AssetRow {
  id: number;
  title: string;
  summary: string;
  revision: number;
  updatedAt: number;
  community: string;
  slug: string;
  author: string;
  username: string;
}

/**
 * Assets the public sees: every asset of a community whose creator is not suspended (their
 * notes are out of the index too). Archived communities stay readable, so their assets stay found.
 */
const ASSETS_SQL = `
  SELECT a.id, a.title, a.summary_markdown AS summary, a.revision, a.updated_at AS updatedAt,
         c.name AS community, c.slug, u.display_name AS author, u.username
  FROM knowledge_assets a
  JOIN communities c ON c.id = a.community_id
  JOIN users u ON u.id = a.created_by_id
  WHERE u.suspended_at IS NULL
  ORDER BY a.id`;

/** What the assets bundle is made from, as one short key: a different key means the bundle is out of date. */
export function assetsKey(db: Db): string {
  // The summary is left out: every edit of it changes the revision and updated_at.
  const rows = db.$client.prepare(`SELECT id, revision, updatedAt, community, slug, author, username FROM (${ASSETS_SQL})`).raw().all();
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url').slice(0, 20);
}

/** The search record of every public asset (kind "asset", filtered by its community). */
export function loadAssetDocuments(db: Db): SearchDocument[] {
  const rows = db.$client.prepare(ASSETS_SQL).all() as AssetRow[];
  const mark = (text: string) => markThaiWordBoundariesUntil(text).text;
  return rows.map((row) => ({
    id: row.id,
    url: assetPath(row.slug, row.id),
    content: [mark(row.title), mark(markdownToPlainLines(row.summary).slice(0, ASSET_TEXT_MAX_CHARS)), mark(row.community)]
      .filter(Boolean)
      .join('\n'),
    meta: {
      id: String(row.id),
      title: row.title,
      author: row.community,
      date: String(row.updatedAt),
      kind: 'asset',
      tags: '',
    },
    filters: { kind: ['asset'], community: [row.community], author: [row.username] },
  }));
}
