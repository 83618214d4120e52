/**
 * Reports (รายงานเนื้อหาไม่เหมาะสม): any member flags a note or comment with a reason; moderators
 * see open reports in the queue and resolve them by hiding the content or dismiss them.
 */
import { and, eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, notes, reports, type ReportTarget } from '~db/schema.ts';
import type { ReportInput } from '../validation.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { can } from './permissions.ts';
import { mayKnowNote } from './note-visibility.ts';
import { RATE_LIMITS, enforceRateLimit } from './rate-limit.ts';
import type { SessionUser } from './user.ts';

/** What can() needs about a report target, or undefined when it does not exist. */
export function reportTargetResource(type: ReportTarget, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  if (type === 'note') {
    const row = getDb().select().from(notes).where(eq(notes.id, id)).get();
    return (
      row && { noteId: row.id, authorId: row.authorId, status: row.status, deleted: row.deletedAt != null, hidden: row.hiddenAt != null }
    );
  }
  const row = getDb()
    .select({ c: comments, noteAuthorId: notes.authorId })
    .from(comments)
    .innerJoin(notes, eq(comments.noteId, notes.id))
    .where(eq(comments.id, id))
    .get();
  return (
    row && {
      noteId: row.c.noteId,
      authorId: row.c.authorId,
      noteAuthorId: row.noteAuthorId,
      deleted: row.c.deletedAt != null,
      hidden: row.c.hiddenAt != null,
      pending: row.c.pendingAt != null,
    }
  );
}

/**
 * Files a report (or renews the reporter's earlier one on the same target). Only content the
 * reporter can see may be reported, never their own.
 */
export function createReport(user: SessionUser | null, input: ReportInput): { id: number; noteId: number } {
  if (!user) throw needLogin();
  const target = reportTargetResource(input.targetType, input.targetId);
  const readable =
    target && can(user, input.targetType === 'note' ? 'note:read' : 'comment:read', target) && mayKnowNote(user, target.noteId);
  if (!target || !readable) throw notFound(input.targetType === 'note' ? 'บันทึกนี้' : 'ความเห็นนี้');
  if (!can(user, input.targetType === 'note' ? 'note:report' : 'comment:report', target)) {
    throw forbidden(target.authorId === user.id ? 'รายงานเนื้อหาของตนเองไม่ได้ หากต้องการนำออก ให้ลบหรือแก้ไขแทน' : 'คุณไม่มีสิทธิ์รายงานเนื้อหานี้');
  }
  enforceRateLimit(`report:user:${user.id}`, RATE_LIMITS.reportPerUser);
  const row = getDb()
    .insert(reports)
    .values({ reporterId: user.id, targetType: input.targetType, targetId: input.targetId, reason: input.reason, createdAt: new Date() })
    .onConflictDoUpdate({
      target: [reports.reporterId, reports.targetType, reports.targetId],
      set: { reason: input.reason, status: 'open', resolvedAt: null, resolvedById: null, createdAt: new Date() },
    })
    .returning({ id: reports.id })
    .get();
  if (!row) throw new DomainError(409, 'บันทึกรายงานไม่สำเร็จ กรุณาลองใหม่');
  return { id: row.id, noteId: target.noteId };
}

/** Closes the open reports on a target: 'resolved' (content hidden) or 'dismissed' (nothing wrong). */
export function resolveReportsOn(
  type: ReportTarget,
  id: number,
  moderatorId: number,
  now = new Date(),
  status: 'resolved' | 'dismissed' = 'resolved',
): number {
  return getDb()
    .update(reports)
    .set({ status, resolvedById: moderatorId, resolvedAt: now })
    .where(and(eq(reports.targetType, type), eq(reports.targetId, id), eq(reports.status, 'open')))
    .run().changes;
}
