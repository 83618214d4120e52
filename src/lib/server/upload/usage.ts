/** Upload limits: the largest file, and how much of the quota (UPLOAD_QUOTA_MB, default 500) an account uses. */
import { eq, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { uploads } from '~db/schema.ts';
import { getConfig } from '../config.ts';
import { UPLOAD_FILE_LIMIT } from '../web/body-reader.ts';

/** The largest file one upload may carry (413 beyond it). */
export const MAX_UPLOAD_BYTES = UPLOAD_FILE_LIMIT;
const MB = 1024 * 1024;

/** UPLOAD_QUOTA_MB (default 500) in bytes: how much one account may keep stored. */
function uploadQuotaBytes(): number {
  return getConfig().uploadQuotaMb * MB;
}

/** Bytes an account's uploads take (every stored file, variants included). */
export function uploadUsage(userId: number): { used: number; quota: number } {
  const row = getDb()
    .select({ used: sql<number>`coalesce(sum(${uploads.storedBytes}), 0)` })
    .from(uploads)
    .where(eq(uploads.ownerId, userId))
    .get();
  return { used: row?.used ?? 0, quota: uploadQuotaBytes() };
}
