/**
 * Questions to the network (ถามเครือข่าย, issue 26): notes of kind 'question' whose answers are
 * their comments. The asker (or a moderator) accepts one answer; the page shows it first, lists
 * mark answered questions, and the asker is reminded once, a week on, when answers came but none
 * was accepted. The note page follows `render_version`, which the notes trigger of migration 0004
 * bumps on this column; lists follow `site_version` (trigger in migration 0034).
 */
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { comments, notes, notifications, questionReminders, users } from '~db/schema.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time.ts';
import type { ListPosition } from '../list-position.ts';
import { writeAudit } from './audit.ts';
import { DomainError, forbidden, gone, needLogin, notFound } from './errors.ts';
import { getNoteSummaries, isPublicNote, pageOf, type NoteSummary, type Page } from './note.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';

/** How long after asking the asker is reminded to accept an answer (once, if answers came). */
export const QUESTION_REMINDER_AFTER_MS = 7 * DAY_MS;
const QUESTIONS_PER_PAGE = 20;
const QUESTION_STATUSES = ['open', 'answered'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** A comment the public sees: not deleted, hidden or waiting for approval, by a member not suspended. */
const visibleAnswer = (commentId: SQL | number): SQL => sql`EXISTS (SELECT 1 FROM comments AS answer
  JOIN users AS answerer ON answerer.id = answer.author_id
  WHERE answer.id = ${commentId} AND answer.deleted_at IS NULL AND answer.hidden_at IS NULL
    AND answer.pending_at IS NULL AND answerer.suspended_at IS NULL)`;

/** A public question with an accepted answer the public can see (the KM report counts the same). */
const isAnsweredQuestion: SQL = sql`(${notes.acceptedAnswerId} IS NOT NULL AND ${visibleAnswer(sql`${notes.acceptedAnswerId}`)})`;

/** The question at `noteId` as `user` may know it: a hidden one is "not found" to all but moderators. */
function loadQuestion(noteId: number, user: SessionUser | null) {
  const row = getDb()
    .select({
      id: notes.id,
      kind: notes.kind,
      authorId: notes.authorId,
      status: notes.status,
      deletedAt: notes.deletedAt,
      hiddenAt: notes.hiddenAt,
    })
    .from(notes)
    .where(eq(notes.id, noteId))
    .get();
  if (!row || row.status !== 'published') throw notFound('คำถามนี้');
  if (row.deletedAt) throw gone('คำถามนี้ถูกลบแล้ว');
  // Before anything else is said about it: a stranger must not tell a hidden note from a missing one.
  if (row.hiddenAt && !(user && can(user, 'moderate'))) throw notFound('คำถามนี้');
  if (row.kind !== 'question') throw new DomainError(409, 'บันทึกนี้ไม่ใช่คำถาม เลือกคำตอบที่ใช่ได้เฉพาะบันทึกแบบ "ถามเครือข่าย"');
  return row;
}

function requireAccepter(user: SessionUser | null, question: { authorId: number; hiddenAt: Date | null }): SessionUser {
  if (!user) throw needLogin();
  if (question.hiddenAt && !can(user, 'moderate')) throw notFound('คำถามนี้');
  if (!can(user, 'question:accept', { authorId: question.authorId })) {
    throw forbidden('เลือกคำตอบที่ใช่ได้เฉพาะผู้ถามหรือผู้ดูแลระบบ');
  }
  return user;
}

/**
 * Marks `commentId` as the question's accepted answer (replacing an earlier choice). The asker or
 * a moderator; the answer must be a comment on this question that the public can see.
 */
export function acceptAnswer(user: SessionUser | null, noteId: number, commentId: number): { acceptedAnswerId: number } {
  const question = loadQuestion(noteId, user);
  const accepter = requireAccepter(user, question);
  const answer = getDb()
    .select({ noteId: comments.noteId, visible: sql<number>`${visibleAnswer(commentId)}` })
    .from(comments)
    .where(eq(comments.id, commentId))
    .get();
  if (!answer || answer.noteId !== noteId) {
    throw new DomainError(400, 'ไม่พบคำตอบนี้ในคำถาม กรุณาเลือกจากความเห็นใต้คำถามนี้', { commentId: 'ไม่พบคำตอบนี้' });
  }
  if (!answer.visible) throw new DomainError(409, 'คำตอบนี้ถูกลบ ซ่อน หรือยังรอการอนุมัติ กรุณาเลือกคำตอบอื่น');
  writeTransaction(() => {
    getDb().update(notes).set({ acceptedAnswerId: commentId }).where(eq(notes.id, noteId)).run();
    if (accepter.id !== question.authorId)
      writeAudit({ actorId: accepter.id, action: 'question:accept', targetType: 'note', targetId: noteId, detail: `comment ${commentId}` });
  });
  return { acceptedAnswerId: commentId };
}

/** Takes the choice back: the question is open again. */
export function withdrawAcceptedAnswer(user: SessionUser | null, noteId: number): { acceptedAnswerId: null } {
  const question = loadQuestion(noteId, user);
  requireAccepter(user, question);
  getDb().update(notes).set({ acceptedAnswerId: null }).where(eq(notes.id, noteId)).run();
  return { acceptedAnswerId: null };
}

export interface AcceptedAnswer {
  id: number;
  author: { id: number; username: string; displayName: string; avatarUploadId: string | null };
  bodyHtml: string;
  createdAt: Date;
}

/** The accepted answer as the public sees it, or undefined (none, or deleted, hidden, pending since). */
export function getAcceptedAnswer(note: { kind: string; acceptedAnswerId: number | null }): AcceptedAnswer | undefined {
  if (note.kind !== 'question' || note.acceptedAnswerId == null) return undefined;
  const row = getDb()
    .select({
      id: comments.id,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      authorId: users.id,
      username: users.username,
      displayName: users.displayName,
      avatarUploadId: users.avatarUploadId,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.id, note.acceptedAnswerId),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
        isNull(comments.pendingAt),
        isNull(users.suspendedAt),
      ),
    )
    .get();
  if (!row) return undefined;
  const { authorId, username, displayName, avatarUploadId, ...rest } = row;
  return { ...rest, author: { id: authorId, username, displayName, avatarUploadId } };
}

/** Public questions, newest first: all, those still open, or those with an accepted answer. */
export function listQuestions(
  status: QuestionStatus | undefined,
  position: ListPosition | number,
  perPage = QUESTIONS_PER_PAGE,
): Page<NoteSummary> {
  const conditions = [eq(notes.kind, 'question'), isPublicNote];
  if (status === 'answered') conditions.push(isAnsweredQuestion);
  if (status === 'open') conditions.push(sql`NOT ${isAnsweredQuestion}`);
  return pageOf(and(...conditions)!, position, perPage);
}

/** Reads `?status=` of /questions: open, answered, or anything else as "all". */
export function parseQuestionStatus(raw: string | null): QuestionStatus | undefined {
  return (QUESTION_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as QuestionStatus) : undefined;
}

/**
 * Reminds each asker, once, whose public question was asked at least QUESTION_REMINDER_AFTER_MS
 * ago, has a visible answer by someone else and none accepted. Run by the server's primary (hourly)
 * and safe to run anywhere: the reminder row and the notification are written together.
 * Returns how many askers were reminded.
 */
export function remindAskers(now = Date.now()): number {
  const db = getDb();
  const due = db
    .select({
      noteId: notes.id,
      askerId: notes.authorId,
      // NOTE: written out: drizzle leaves columns in a select list unqualified, and "id" would be the comment's.
      answererId: sql<number>`(SELECT c.author_id FROM comments AS c WHERE c.note_id = notes.id AND c.author_id <> notes.author_id
        AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.pending_at IS NULL ORDER BY c.id DESC LIMIT 1)`,
    })
    .from(notes)
    .where(
      and(
        eq(notes.kind, 'question'),
        isPublicNote,
        isNull(notes.acceptedAnswerId),
        sql`${notes.publishedAt} <= ${now - QUESTION_REMINDER_AFTER_MS}`,
        sql`NOT EXISTS (SELECT 1 FROM question_reminders AS r WHERE r.note_id = ${notes.id})`,
      ),
    )
    .all()
    .filter((row) => row.answererId != null);
  if (due.length === 0) return 0;
  writeTransaction(() => {
    for (const { noteId, askerId, answererId } of due) {
      const fresh = db
        .insert(questionReminders)
        .values({ noteId, sentAt: new Date(now) })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!fresh) continue; // another process reminded first
      db.insert(notifications)
        .values({ userId: askerId, kind: 'question-reminder', actorId: answererId, noteId, createdAt: new Date(now) })
        .run();
    }
  });
  return due.length;
}

/** Open questions for the home page's "คำถามที่ยังรอคำตอบ", newest first (no count: notes_kind_public_idx). */
export function listOpenQuestions(limit: number): NoteSummary[] {
  const ids = getDb()
    .select({ id: notes.id })
    .from(notes)
    .where(and(eq(notes.kind, 'question'), isPublicNote, sql`NOT ${isAnsweredQuestion}`))
    .orderBy(desc(notes.publishedAt), desc(notes.id))
    .limit(limit)
    .all();
  return getNoteSummaries(ids.map((r) => r.id));
}

/** How often the primary looks for askers to remind; a reminder is at most this late. */
const QUESTION_REMINDER_CHECK_MS = HOUR_MS;
/** First look a minute after start, once the workers are serving. */
const FIRST_CHECK_MS = MINUTE_MS;

/** Runs remindAskers() in the server's primary, hourly (like the uploads clean-up). */
export function scheduleQuestionReminders(): void {
  const run = () => {
    try {
      const reminded = remindAskers();
      if (reminded > 0) console.log(JSON.stringify({ level: 'info', msg: 'question reminders', reminded }));
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'question reminders failed', error: error instanceof Error ? error.stack : String(error) }),
      );
    }
  };
  setTimeout(run, FIRST_CHECK_MS).unref();
  setInterval(run, QUESTION_REMINDER_CHECK_MS).unref();
}
