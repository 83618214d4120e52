/**
 * RSS 2.0 feeds and the sitemap: built as strings with every text escaped, absolute URLs from
 * SITE_URL, Thai titles as they are (UTF-8).
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { communities, events, knowledgeAssets, notes, series, seriesNotes, users } from '~db/schema.ts';
import type { NoteSummary } from './note.ts';
import { isPublicNote } from './note.ts';
import { absoluteUrl } from './site.ts';
import { assetPath, notePath, tagPath, userPath } from '../paths.ts';
import { markdownToPlainLines } from '../markdown.ts';

export const FEED_ITEMS = 30;
/** The sitemap protocol allows 50,000 URLs per file; past that a sitemap index is needed. */
const SITEMAP_MAX_URLS = 50_000;
const FEED_CACHE_SECONDS = 10 * 60;

// Characters XML 1.0 does not allow at all (validation already strips them from input; this is the last guard).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML element content and attribute values. */
function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface FeedChannel {
  title: string;
  description: string;
  /** Site path of the HTML page this feed mirrors. */
  path: string;
  /** Site path of the feed itself. */
  feedPath: string;
  items: NoteSummary[];
  /** Knowledge assets to list beside the notes (issue 26), newest change first; merged by date. */
  assets?: FeedAsset[];
}

/** A knowledge asset as a feed item: its link is its page, dated by its last revision. */
export interface FeedAsset {
  id: number;
  title: string;
  slug: string;
  communityName: string;
  summary: string;
  updatedAt: Date;
}

/** Characters of an asset's summary in its feed item (like a note's excerpt). */
const ASSET_EXCERPT_CHARS = 240;

/** An RSS 2.0 document for `channel`. */
function renderRss(channel: FeedChannel): string {
  const noteItems = channel.items.map((note) => {
    const link = absoluteUrl(notePath(note.id));
    const date = note.publishedAt ?? note.updatedAt;
    const xml = [
      '    <item>',
      `      <title>${escapeXml(note.title)}</title>`,
      `      <link>${escapeXml(link)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
      `      <pubDate>${date.toUTCString()}</pubDate>`,
      `      <dc:creator>${escapeXml(note.author.displayName)}</dc:creator>`,
      `      <description>${escapeXml(note.excerpt)}</description>`,
      ...note.tags.map((tag) => `      <category domain="${escapeXml(absoluteUrl(tagPath(tag)))}">${escapeXml(tag)}</category>`),
      '    </item>',
    ].join('\n');
    return { date, xml };
  });
  const assetItems = (channel.assets ?? []).map((asset) => {
    const link = absoluteUrl(assetPath(asset.slug, asset.id));
    const xml = [
      '    <item>',
      `      <title>${escapeXml(`คลังความรู้: ${asset.title}`)}</title>`,
      `      <link>${escapeXml(link)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
      `      <pubDate>${asset.updatedAt.toUTCString()}</pubDate>`,
      `      <dc:creator>${escapeXml(asset.communityName)}</dc:creator>`,
      `      <description>${escapeXml(markdownToPlainLines(asset.summary).replace(/\s+/g, ' ').slice(0, ASSET_EXCERPT_CHARS))}</description>`,
      '      <category>คลังความรู้</category>',
      '    </item>',
    ].join('\n');
    return { date: asset.updatedAt, xml };
  });
  // Notes keep their order (a list's own); assets are placed among them by date, the whole kept to FEED_ITEMS.
  const merged = [...noteItems];
  for (const asset of assetItems) {
    const at = merged.findIndex((item) => item.date < asset.date);
    merged.splice(at < 0 ? merged.length : at, 0, asset);
  }
  const items = merged.slice(0, Math.max(FEED_ITEMS, noteItems.length)).map((item) => item.xml);
  const newest = assetItems.length
    ? merged.reduce<Date>((latest, item) => (item.date > latest ? item.date : latest), new Date(0))
    : (channel.items[0]?.publishedAt ?? new Date(0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${escapeXml(channel.title)}</title>`,
    `    <link>${escapeXml(absoluteUrl(channel.path))}</link>`,
    `    <atom:link href="${escapeXml(absoluteUrl(channel.feedPath))}" rel="self" type="application/rss+xml"/>`,
    `    <description>${escapeXml(channel.description)}</description>`,
    '    <language>th</language>',
    `    <lastBuildDate>${newest.toUTCString()}</lastBuildDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/**
 * The HTTP answer for a feed: RSS media type, cacheable for a few minutes by readers and proxies.
 * A feed is the same for every reader, so it opts into the anonymous page cache (`x-page-cache`),
 * which serves it with an ETag and the shared-cache lifetime of decision 1702.
 */
export function rssResponse(channel: FeedChannel): Response {
  return new Response(renderRss(channel), {
    headers: {
      'content-type': 'application/rss+xml; charset=utf-8',
      'cache-control': `public, max-age=${FEED_CACHE_SECONDS}`,
      'x-page-cache': 'site',
    },
  });
}

interface SitemapEntry {
  path: string;
  lastModified?: Date | null;
}

/** Every public page worth indexing: home, lists, guides, public notes, active writers, communities, events. */
export function listSitemapEntries(staticPaths: string[]): SitemapEntry[] {
  const db = getDb();
  const entries: SitemapEntry[] = staticPaths.map((path) => ({ path }));
  const noteRows = db
    .select({ id: notes.id, updatedAt: notes.updatedAt })
    .from(notes)
    .where(isPublicNote)
    .orderBy(desc(notes.publishedAt))
    .limit(SITEMAP_MAX_URLS)
    .all();
  entries.push(...noteRows.map((n) => ({ path: notePath(n.id), lastModified: n.updatedAt })));
  const writers = db
    .select({ username: users.username, lastModified: sql<number>`max(${notes.updatedAt})` })
    .from(users)
    .innerJoin(notes, eq(notes.authorId, users.id))
    // "Hide me from the directory" keeps a member out of the sitemap too (their notes stay listed).
    .where(and(isPublicNote, isNull(users.suspendedAt), eq(users.hiddenFromDirectory, false)))
    .groupBy(users.id)
    .all();
  entries.push(...writers.map((w) => ({ path: userPath(w.username), lastModified: new Date(w.lastModified) })));
  const communityRows = db.select({ slug: communities.slug, createdAt: communities.createdAt }).from(communities).all();
  entries.push(...communityRows.map((c) => ({ path: `/communities/${encodeURIComponent(c.slug)}`, lastModified: c.createdAt })));
  const eventRows = db.select({ id: events.id, updatedAt: events.updatedAt }).from(events).all();
  entries.push(...eventRows.map((e) => ({ path: `/events/${e.id}`, lastModified: e.updatedAt })));
  // A series page is worth finding once it has a public part (isPublicNote leaves out suspended authors).
  const seriesRows = db
    .select({ id: series.id, lastModified: sql<number>`max(${notes.updatedAt})` })
    .from(series)
    .innerJoin(seriesNotes, eq(seriesNotes.seriesId, series.id))
    .innerJoin(notes, eq(notes.id, seriesNotes.noteId))
    .where(isPublicNote)
    .groupBy(series.id)
    .all();
  entries.push(...seriesRows.map((r) => ({ path: `/series/${r.id}`, lastModified: new Date(r.lastModified) })));
  // Knowledge assets (issue 26): every one is public, like its community page.
  const assetRows = db
    .select({ id: knowledgeAssets.id, slug: communities.slug, updatedAt: knowledgeAssets.updatedAt })
    .from(knowledgeAssets)
    .innerJoin(communities, eq(communities.id, knowledgeAssets.communityId))
    .all();
  entries.push(...assetRows.map((a) => ({ path: assetPath(a.slug, a.id), lastModified: a.updatedAt })));
  return entries.slice(0, SITEMAP_MAX_URLS);
}

/** The newest knowledge assets (of one community, or of all), for feeds. */
export function listFeedAssets(communityId: number | null, limit = FEED_ITEMS): FeedAsset[] {
  return getDb()
    .select({
      id: knowledgeAssets.id,
      title: knowledgeAssets.title,
      slug: communities.slug,
      communityName: communities.name,
      summary: knowledgeAssets.summaryMarkdown,
      updatedAt: knowledgeAssets.updatedAt,
    })
    .from(knowledgeAssets)
    .innerJoin(communities, eq(communities.id, knowledgeAssets.communityId))
    .where(communityId === null ? undefined : eq(knowledgeAssets.communityId, communityId))
    .orderBy(desc(knowledgeAssets.updatedAt))
    .limit(limit)
    .all();
}

/** A sitemap.xml document. */
export function renderSitemap(entries: SitemapEntry[]): string {
  const urls = entries.map(
    (e) =>
      `  <url><loc>${escapeXml(absoluteUrl(e.path))}</loc>${e.lastModified ? `<lastmod>${e.lastModified.toISOString()}</lastmod>` : ''}</url>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}
