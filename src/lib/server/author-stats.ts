/**
 * What an author sees of their own work on their profile (issue 26, "for authors"): their notes'
 * views by week, the comments and appreciation they received, and the "นำไปใช้แล้ว" stories of
 * the knowledge assets their notes are sources of. Read from the site's own tables only: no
 * cookies, no trackers (views come from the view beacon, batched in view-counts.ts).
 */
import { getDb } from '~db/client.ts';
import { recentWeeks } from '../view-week.ts';

/** Weeks shown in the views table: a quarter, enough to see a trend, short enough for a phone. */
export const STATS_WEEKS = 12;
/** Newest "applied" stories listed; the count covers them all. */
const STORIES_SHOWN = 5;

export interface AuthorStats {
  /** Oldest first, every week present (0 when nobody read). */
  weeks: { week: string; views: number }[];
  totalViews: number;
  /** Visible comments by others on the author's public notes. */
  comments: number;
  /** Appreciation of the author's public notes and comments, by members not suspended. */
  appreciations: number;
  applied: number;
  stories: { id: number; story: string; createdAt: Date; assetId: number; assetTitle: string; slug: string; by: string }[];
}

const PUBLIC_NOTE = `n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL`;
const VISIBLE_COMMENT = `c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.pending_at IS NULL`;

/** The author's figures, up to the week holding `now`. Each is one indexed query over the author's own notes. */
export function getAuthorStats(authorId: number, now = Date.now()): AuthorStats {
  const db = getDb().$client;
  const weeks = recentWeeks(now, STATS_WEEKS);
  const byWeek = new Map(
    (
      db
        .prepare(
          `SELECT w.week, sum(w.views) AS views FROM notes n JOIN note_view_weeks w ON w.note_id = n.id
           WHERE n.author_id = ? AND w.week >= ? GROUP BY w.week`,
        )
        .all(authorId, weeks[0]) as { week: string; views: number }[]
    ).map((row) => [row.week, row.views]),
  );
  const totalViews = db
    .prepare(`SELECT coalesce(sum(n.view_count), 0) FROM notes n WHERE n.author_id = ? AND ${PUBLIC_NOTE}`)
    .pluck()
    .get(authorId) as number;
  const comments = db
    .prepare(
      `SELECT count(*) FROM notes n JOIN comments c ON c.note_id = n.id JOIN users u ON u.id = c.author_id
       WHERE n.author_id = ? AND ${PUBLIC_NOTE} AND ${VISIBLE_COMMENT} AND c.author_id != n.author_id AND u.suspended_at IS NULL`,
    )
    .pluck()
    .get(authorId) as number;
  const appreciations = db
    .prepare(
      `SELECT (SELECT count(*) FROM notes n JOIN note_appreciations a ON a.note_id = n.id JOIN users u ON u.id = a.user_id
               WHERE n.author_id = ? AND ${PUBLIC_NOTE} AND u.suspended_at IS NULL)
            + (SELECT count(*) FROM comments c JOIN comment_appreciations a ON a.comment_id = c.id JOIN users u ON u.id = a.user_id
               WHERE c.author_id = ? AND ${VISIBLE_COMMENT} AND u.suspended_at IS NULL)`,
    )
    .pluck()
    .get(authorId, authorId) as number;
  // Stories of assets built on the author's public notes (each story once, however many of their notes an asset cites).
  const storiesFrom = `FROM asset_applications s JOIN knowledge_assets k ON k.id = s.asset_id JOIN communities cm ON cm.id = k.community_id
       JOIN users u ON u.id = s.user_id
       WHERE u.suspended_at IS NULL AND s.asset_id IN (
         SELECT src.asset_id FROM notes n JOIN asset_sources src ON src.note_id = n.id WHERE n.author_id = ? AND ${PUBLIC_NOTE})`;
  const applied = db.prepare(`SELECT count(*) ${storiesFrom}`).pluck().get(authorId) as number;
  const stories = (
    db
      .prepare(
        `SELECT s.id, s.story, s.created_at AS createdAt, k.id AS assetId, k.title AS assetTitle, cm.slug, u.display_name AS "by"
         ${storiesFrom} ORDER BY s.id DESC LIMIT ${STORIES_SHOWN}`,
      )
      .all(authorId) as (Omit<AuthorStats['stories'][number], 'createdAt'> & { createdAt: number })[]
  ).map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  return {
    weeks: weeks.map((week) => ({ week, views: byWeek.get(week) ?? 0 })),
    totalViews,
    comments,
    appreciations,
    applied,
    stories,
  };
}
