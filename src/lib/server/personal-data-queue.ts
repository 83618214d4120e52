/**
 * The moderators' "มีข้อมูลส่วนบุคคล" filter: notes and comments published after their writer
 * confirmed they hold a Thai ID number (personal-data-guard.ts), newest first, not deleted.
 */
import { desc, eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { comments, notes, personalDataFlags, users } from '~db/schema.ts';
import { forbidden } from './errors.ts';
import { can } from './permissions.ts';
import type { SessionUser } from './user.ts';

export const PERSONAL_DATA_FILTER = 'personal-data';
const SHOWN = 200;

export interface PersonalDataItem {
  type: 'note' | 'comment';
  id: number;
  noteId: number;
  title: string;
  kinds: string[];
  flaggedAt: Date;
  author: { username: string; displayName: string };
  hidden: boolean;
}

/** Flagged, undeleted notes and comments for a moderator; 403 for anyone else. */
export function listPersonalDataItems(user: SessionUser | null): PersonalDataItem[] {
  if (!can(user, 'moderate')) throw forbidden('หน้านี้สำหรับผู้ดูแลเท่านั้น');
  const db = getDb();
  const flags = db.select().from(personalDataFlags).orderBy(desc(personalDataFlags.flaggedAt)).limit(SHOWN).all();
  const items: PersonalDataItem[] = [];
  for (const flag of flags) {
    const row =
      flag.targetType === 'note'
        ? db
            .select({
              noteId: notes.id,
              title: notes.title,
              deletedAt: notes.deletedAt,
              hiddenAt: notes.hiddenAt,
              username: users.username,
              displayName: users.displayName,
            })
            .from(notes)
            .innerJoin(users, eq(users.id, notes.authorId))
            .where(eq(notes.id, flag.targetId))
            .get()
        : db
            .select({
              noteId: comments.noteId,
              title: notes.title,
              deletedAt: comments.deletedAt,
              hiddenAt: comments.hiddenAt,
              username: users.username,
              displayName: users.displayName,
            })
            .from(comments)
            .innerJoin(notes, eq(notes.id, comments.noteId))
            .innerJoin(users, eq(users.id, comments.authorId))
            .where(eq(comments.id, flag.targetId))
            .get();
    if (!row || row.deletedAt) continue;
    items.push({
      type: flag.targetType,
      id: flag.targetId,
      noteId: row.noteId,
      title: row.title,
      kinds: flag.kinds.split(','),
      flaggedAt: flag.flaggedAt,
      author: { username: row.username, displayName: row.displayName },
      hidden: row.hiddenAt != null,
    });
  }
  return items;
}
