/**
 * Leaving the site (PDPA s.33). A member asks with their password and a choice for their notes and
 * comments ('anonymise': kept under "สมาชิกที่ออกจากระบบแล้ว"; 'delete': deleted as a delete does);
 * the erasure runs ACCOUNT_DELETION_GRACE_DAYS later (0: at once) in the cluster primary's periodic
 * job (account-erasure-job.ts). Until then the member may sign in, export and cancel.
 *
 * The erasure blanks the users row instead of deleting it: notes, comments, replies by others and
 * moderators' records point at it. Everything that names or reaches the person goes: email, name,
 * profile, avatar, expertise, sessions, mail settings and mail, bookmarks, follows, watches,
 * notifications, drafts, consents, tokens, and uploads no kept note or comment shows. SQLite's
 * secure_delete (db/client.ts) overwrites the freed bytes and a TRUNCATE checkpoint empties the WAL.
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { checkpointTruncate, getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { accountDeletions, notes, uploads, users, type DeletionContent } from '~db/schema.ts';
import { DAY_MS } from '../time.ts';
import { LEFT_MEMBER_NAME } from '../privacy.ts';
import { getConfig } from './config.ts';
import { DomainError, needLogin } from './errors.ts';
import { verifyPassword } from './password.ts';
import { enforcePasswordCheckLimits } from './rate-limit.ts';
import { writeAudit } from './audit.ts';
import { emitContentChange } from './content-events.ts';
import { refreshNoteCommentStats } from './comment.ts';
import { removeUploadFiles } from './upload/files.ts';
import type { SessionUser } from './user.ts';

type DeletionRow = typeof accountDeletions.$inferSelect;

/** What GET/POST /api/me/deletion and the settings page show. */
export interface DeletionState {
  content: DeletionContent;
  requestedAt: string;
  dueAt: string;
  erased: boolean;
}

const toState = (row: DeletionRow): DeletionState => ({
  content: row.content,
  requestedAt: row.requestedAt.toISOString(),
  dueAt: row.dueAt.toISOString(),
  erased: row.erasedAt != null,
});

/** The member's pending request, if any (an erased account cannot be signed in to, so never shown). */
export function getPendingDeletion(userId: number): DeletionState | null {
  const row = getDb()
    .select()
    .from(accountDeletions)
    .where(and(eq(accountDeletions.userId, userId), isNull(accountDeletions.erasedAt)))
    .get();
  return row ? toState(row) : null;
}

/**
 * Records the request after checking the password again (rate-limited like every password check).
 * With a grace period of 0 days the erasure happens now and the answer says so (`erased: true`).
 */
export async function requestDeletion(
  user: SessionUser | null,
  password: string,
  content: DeletionContent,
  clientIp: string,
  now = new Date(),
): Promise<DeletionState> {
  if (!user) throw needLogin();
  const row = getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)).get();
  if (!row) throw needLogin();
  enforcePasswordCheckLimits(user.id, clientIp);
  if (!(await verifyPassword(row.passwordHash, password))) {
    throw new DomainError(400, 'รหัสผ่านไม่ถูกต้อง กรุณากรอกรหัสผ่านปัจจุบันเพื่อยืนยันว่าเป็นคุณ', {
      password: 'รหัสผ่านไม่ถูกต้อง',
    });
  }
  const dueAt = new Date(now.getTime() + getConfig().accountDeletionGraceDays * DAY_MS);
  getDb()
    .insert(accountDeletions)
    .values({ userId: user.id, content, requestedAt: now, dueAt })
    .onConflictDoUpdate({ target: accountDeletions.userId, set: { content, requestedAt: now, dueAt, erasedAt: null } })
    .run();
  if (dueAt.getTime() <= now.getTime()) {
    const { noteIds } = eraseAccount(user.id, now);
    checkpointTruncate();
    // The search index (in the primary) rescans renamed accounts and these notes.
    emitContentChange({ type: 'user', userId: user.id, action: 'updated' });
    for (const noteId of noteIds) emitContentChange({ type: 'note', noteId, action: 'updated' });
    return { content, requestedAt: now.toISOString(), dueAt: dueAt.toISOString(), erased: true };
  }
  return getPendingDeletion(user.id)!;
}

/** Withdraws a pending request; false when there was none. */
export function cancelDeletion(userId: number): boolean {
  const result = getDb()
    .delete(accountDeletions)
    .where(and(eq(accountDeletions.userId, userId), isNull(accountDeletions.erasedAt)))
    .run();
  return result.changes > 0;
}

/** Notes and comments that changed, for the search index and page caches. */
export interface ErasureResult {
  userId: number;
  noteIds: number[];
}

/** Rows to delete by user: [table, column] (each is the person's own data, nothing of others'). */
const OWN_ROWS: [string, string][] = [
  ['sessions', 'user_id'],
  ['user_expertise', 'user_id'],
  ['mail_settings', 'user_id'],
  ['mail_digest_items', 'user_id'],
  ['mail_digest_runs', 'user_id'],
  ['mail_outbox', 'user_id'],
  ['bookmarks', 'user_id'],
  ['user_follows', 'follower_id'],
  ['user_follows', 'followee_id'],
  ['community_follows', 'follower_id'],
  ['note_watches', 'user_id'],
  ['notifications', 'user_id'],
  ['notification_mutes', 'user_id'],
  ['password_reset_tokens', 'user_id'],
  ['email_verification_tokens', 'user_id'],
  ['aar_drafts', 'author_id'],
  ['consent_records', 'user_id'],
  ['community_join_requests', 'user_id'],
  ['community_invitations', 'invitee_id'],
  ['event_attendees', 'user_id'],
];

/**
 * Carries out one member's erasure now, in one transaction; the files of their uploads go after it.
 * The caller checkpoints (once for a batch). Returns the notes whose page or index entry changed.
 */
function eraseAccount(userId: number, now = new Date()): ErasureResult {
  const db = getDb();
  const sqlite = db.$client;
  const request = db.select().from(accountDeletions).where(eq(accountDeletions.userId, userId)).get();
  if (!request || request.erasedAt) return { userId, noteIds: [] };
  const person = db.select().from(users).where(eq(users.id, userId)).get();
  if (!person) return { userId, noteIds: [] };
  let files: string[] = [];
  let noteIds: number[] = [];
  writeTransaction(() => {
    const at = now.getTime();
    if (request.content === 'delete') {
      sqlite
        .prepare('UPDATE notes SET deleted_at = ?, deleted_by_id = ? WHERE author_id = ? AND deleted_at IS NULL')
        .run(at, userId, userId);
      sqlite
        .prepare('UPDATE comments SET deleted_at = ?, deleted_by_id = ? WHERE author_id = ? AND deleted_at IS NULL')
        .run(at, userId, userId);
    }
    noteIds = sqlite
      .prepare('SELECT id FROM notes WHERE author_id = ? UNION SELECT note_id FROM comments WHERE author_id = ?')
      .pluck()
      .all(userId, userId) as number[];
    if (request.content === 'delete') for (const id of noteIds) refreshNoteCommentStats(id);
    // Their own mails go, and the delivered history of mails to others naming them ("… replied to
    // you"); instr, not LIKE, so a "%" or "_" in a name matches only itself. Mail to others still
    // waiting is left to be delivered.
    sqlite
      .prepare(
        `DELETE FROM mail_outbox WHERE to_address IN (@email, @pending)
           OR (status <> 'pending' AND (instr(subject, @name) OR instr(text_body, @name) OR instr(coalesce(html_body, ''), @name)))`,
      )
      .run({ name: person.displayName, email: person.email ?? '', pending: person.pendingEmail ?? '' });
    for (const [table, column] of OWN_ROWS) sqlite.prepare(`DELETE FROM ${table} WHERE ${column} = ?`).run(userId);
    sqlite.prepare('DELETE FROM rate_limits WHERE key IN (?, ?)').run(`login:user:${person.username}`, `password:user:${userId}`);
    // Uploads of theirs that no kept note or comment shows (their avatar included).
    const unused = db
      .select({ id: uploads.id, files: uploads.files })
      .from(uploads)
      .where(
        and(
          eq(uploads.ownerId, userId),
          sql`NOT EXISTS (SELECT 1 FROM upload_refs r
                LEFT JOIN notes n ON n.id = r.note_id LEFT JOIN comments c ON c.id = r.comment_id
                WHERE r.upload_id = ${uploads.id} AND (n.deleted_at IS NULL AND r.note_id IS NOT NULL OR c.deleted_at IS NULL AND r.comment_id IS NOT NULL))`,
        ),
      )
      .all();
    files = unused.flatMap((u) => u.files);
    db.update(users).set({ avatarUploadId: null }).where(eq(users.id, userId)).run();
    if (unused.length)
      db.delete(uploads)
        .where(
          inArray(
            uploads.id,
            unused.map((u) => u.id),
          ),
        )
        .run();
    // Old page versions of notes they wrote or commented on show the old name: retire them.
    if (noteIds.length)
      db.update(notes)
        .set({ renderVersion: sql`${notes.renderVersion} + 1` })
        .where(inArray(notes.id, noteIds))
        .run();
    db.update(users)
      .set({
        // Not a valid username (registration refuses "~"), so the old name is free and /u/<old> is 404.
        username: `~left${userId}`,
        displayName: LEFT_MEMBER_NAME,
        email: null,
        pendingEmail: null,
        emailVerifiedAt: null,
        passwordHash: '!erased',
        organisation: null,
        province: null,
        bio: null,
        position: null,
        hiddenFromDirectory: true,
        role: 'member',
        updatedAt: now,
      })
      .where(eq(users.id, userId))
      .run();
    db.update(accountDeletions).set({ erasedAt: now }).where(eq(accountDeletions.userId, userId)).run();
    // Moderators see that an account was erased and when; the number is all that is left of who.
    writeAudit({ actorId: null, action: 'user:erase', targetType: 'user', targetId: userId, detail: request.content });
  });
  removeUploadFiles(files);
  return { userId, noteIds };
}

/** Erases every account whose grace period is over, then empties the WAL once. */
export function eraseDueAccounts(now = new Date()): ErasureResult[] {
  const due = getDb()
    .select({ userId: accountDeletions.userId })
    .from(accountDeletions)
    .where(and(isNull(accountDeletions.erasedAt), lte(accountDeletions.dueAt, now)))
    .all();
  const results = due.map(({ userId }) => eraseAccount(userId, now));
  if (results.length) checkpointTruncate();
  return results;
}
