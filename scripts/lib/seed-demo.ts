/**
 * Fills an empty database with the demo people, notes and comments, written straight to the
 * tables (rate limits are for people, not for the installer) with the same Markdown rendering.
 */
import { getDb } from '../../db/client.ts';
import { comments, notes, userExpertise, users } from '../../db/schema.ts';
import { DEFAULT_LICENCE } from '../../src/lib/licences.ts';
import { markdownToPlainText, renderCommentMarkdown, renderNoteMarkdown } from '../../src/lib/markdown.ts';
import { EXCERPT_CHARS } from '../../src/lib/server/note.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { setNoteTags } from '../../src/lib/server/tag.ts';
import { recordRegistrationConsents } from '../../src/lib/server/consent.ts';
import { DAY_MS, HOUR_MS } from '../../src/lib/time.ts';
import { sql } from 'drizzle-orm';
import { DEMO_NOTES, DEMO_PASSWORD, DEMO_USERS } from './demo-content.ts';
import { seedKmDemo } from './seed-km-demo.ts';

export async function seedDemoContent(now = Date.now()): Promise<{ users: number; notes: number; comments: number }> {
  const db = getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let commentCount = 0;
  db.transaction(() => {
    const ids = new Map<string, number>();
    for (const { expertise, ...u } of DEMO_USERS) {
      const row = db
        .insert(users)
        .values({ ...u, passwordHash, createdAt: new Date(now - 30 * DAY_MS) })
        .returning({ id: users.id })
        .get();
      ids.set(u.username, row.id);
      // The demo people signed up as members do: the notice accepted, listed and mailed (PDPA s.19 records).
      recordRegistrationConsents(row.id, { mail: true, directory: true }, new Date(now - 30 * DAY_MS));
      expertise.forEach((name, index) =>
        db
          .insert(userExpertise)
          .values({ userId: row.id, name, position: index + 1 })
          .run(),
      );
    }
    for (const n of DEMO_NOTES) {
      const at = new Date(now - n.daysAgo * DAY_MS);
      const note = db
        .insert(notes)
        .values({
          authorId: ids.get(n.author)!,
          title: n.title,
          bodyMarkdown: n.body,
          bodyHtml: renderNoteMarkdown(n.body),
          excerpt: markdownToPlainText(n.body, EXCERPT_CHARS),
          licence: DEFAULT_LICENCE,
          status: 'published',
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: notes.id })
        .get();
      setNoteTags(note.id, n.tags);
      let hour = 1;
      for (const c of n.comments) {
        const commentAt = new Date(at.getTime() + hour++ * HOUR_MS);
        const parent = db
          .insert(comments)
          .values({
            noteId: note.id,
            authorId: ids.get(c.author)!,
            bodyMarkdown: c.body,
            bodyHtml: renderCommentMarkdown(c.body),
            createdAt: commentAt,
            updatedAt: commentAt,
          })
          .returning({ id: comments.id })
          .get();
        commentCount++;
        for (const r of c.replies ?? []) {
          const replyAt = new Date(at.getTime() + hour++ * HOUR_MS);
          db.insert(comments)
            .values({
              noteId: note.id,
              authorId: ids.get(r.author)!,
              parentId: parent.id,
              bodyMarkdown: r.body,
              bodyHtml: renderCommentMarkdown(r.body),
              createdAt: replyAt,
              updatedAt: replyAt,
            })
            .run();
          commentCount++;
        }
      }
    }
    db.run(sql`UPDATE notes SET
      comment_count = (SELECT count(*) FROM comments c WHERE c.note_id = notes.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL),
      last_commented_at = (SELECT max(created_at) FROM comments c WHERE c.note_id = notes.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL)`);
  });
  seedKmDemo(now);
  return { users: DEMO_USERS.length, notes: DEMO_NOTES.length + 1, comments: commentCount };
}
