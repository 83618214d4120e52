/**
 * Data steps that SQL migrations cannot do themselves because they need the site's own code
 * (Unicode normalisation, the Markdown renderer). They run right after the SQL migrations
 * (`npm start`, `npm run migrate`), are idempotent, and resume where they stopped.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { comments, markdownRerenders, notes, noteTags, tags } from '~db/schema.ts';
import { renderCommentMarkdown, renderNoteMarkdown } from '../markdown.ts';
import { tagKey } from '../tag-key.ts';

const RERENDER_BATCH = 500;

/**
 * Gives every tag without one its comparison key (migration 0016). Tags that turn out to be
 * spellings of an earlier tag ("aar" after "AAR") are merged into it: their notes move over and
 * the later spelling is deleted, so the first-seen spelling is kept. Returns how many were merged.
 */
export function fillTagKeys(): number {
  const db = getDb();
  let merged = 0;
  writeTransaction(() => {
    for (const tag of db.select({ id: tags.id, name: tags.name }).from(tags).where(isNull(tags.key)).orderBy(asc(tags.id)).all()) {
      const key = tagKey(tag.name);
      const first = db.select({ id: tags.id }).from(tags).where(eq(tags.key, key)).get();
      if (!first) {
        db.update(tags).set({ key }).where(eq(tags.id, tag.id)).run();
        continue;
      }
      db.run(sql`INSERT OR IGNORE INTO note_tags (note_id, tag_id, listed, published_at)
        SELECT note_id, ${first.id}, listed, published_at FROM note_tags WHERE tag_id = ${tag.id}`);
      db.delete(noteTags).where(eq(noteTags.tagId, tag.id)).run();
      db.delete(tags).where(eq(tags.id, tag.id)).run();
      merged++;
    }
  });
  return merged;
}

/**
 * Renders again the notes and comments queued in markdown_rerenders (after the Markdown rules
 * changed), in batches. Stored HTML changes, so the page-cache triggers bump render_version.
 * Returns how many rows were rendered.
 */
export function rerenderQueuedMarkdown(onProgress?: (done: number) => void): number {
  const db = getDb();
  let done = 0;
  for (;;) {
    const batch = db.select().from(markdownRerenders).limit(RERENDER_BATCH).all();
    if (batch.length === 0) return done;
    const noteIds = batch.filter((r) => r.targetType === 'note').map((r) => r.targetId);
    const commentIds = batch.filter((r) => r.targetType === 'comment').map((r) => r.targetId);
    // Render first, then write: the write lock is never held while Markdown renders. An edit that lands in
    // between rendered its own HTML with the current rules, so the update matches the body it rendered.
    const noteHtml =
      noteIds.length === 0
        ? []
        : db
            .select({ id: notes.id, body: notes.bodyMarkdown, html: notes.bodyHtml })
            .from(notes)
            .where(inArray(notes.id, noteIds))
            .all()
            .map((note) => ({ ...note, rendered: renderNoteMarkdown(note.body) }))
            .filter((note) => note.rendered !== note.html);
    const commentHtml =
      commentIds.length === 0
        ? []
        : db
            .select({ id: comments.id, body: comments.bodyMarkdown, html: comments.bodyHtml, deletedAt: comments.deletedAt })
            .from(comments)
            .where(inArray(comments.id, commentIds))
            .all()
            .filter((comment) => !comment.deletedAt)
            .map((comment) => ({ ...comment, rendered: renderCommentMarkdown(comment.body) }))
            .filter((comment) => comment.rendered !== comment.html);
    writeTransaction(() => {
      for (const note of noteHtml)
        db.update(notes)
          .set({ bodyHtml: note.rendered })
          .where(and(eq(notes.id, note.id), eq(notes.bodyMarkdown, note.body)))
          .run();
      for (const comment of commentHtml)
        db.update(comments)
          .set({ bodyHtml: comment.rendered })
          .where(and(eq(comments.id, comment.id), eq(comments.bodyMarkdown, comment.body)))
          .run();
      if (noteIds.length > 0)
        db.delete(markdownRerenders)
          .where(and(eq(markdownRerenders.targetType, 'note'), inArray(markdownRerenders.targetId, noteIds)))
          .run();
      if (commentIds.length > 0)
        db.delete(markdownRerenders)
          .where(and(eq(markdownRerenders.targetType, 'comment'), inArray(markdownRerenders.targetId, commentIds)))
          .run();
    });
    done += batch.length;
    onProgress?.(done);
  }
}

/** Every data step, in order; logs what it did. */
export function runDataMigrations(log: (line: string) => void = console.log): void {
  const merged = fillTagKeys();
  if (merged > 0) log(`รวมป้ายคำที่สะกดต่างกันแล้ว ${merged} รายการ`);
  const rendered = rerenderQueuedMarkdown((done) => {
    if (done % 10_000 === 0) log(`แสดงผลบันทึกและความเห็นใหม่แล้ว ${done} รายการ`);
  });
  if (rendered > 0) log(`แสดงผลบันทึกและความเห็นใหม่ตามกฎ Markdown ล่าสุด ${rendered} รายการ`);
}
